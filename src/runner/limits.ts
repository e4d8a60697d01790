// The resources a run gets. The young generation is sized for autograd: a training step allocates
// every node of its graph and keeps them all alive until backward() is done, so with V8's default
// nursery (16 MB semi-spaces) each step pays for copying its whole graph. 256 MB makes the
// micrograd demo (W1 in bench/) run about 3x faster; measured in bench/.
export const YOUNG_GENERATION_MB = 256;

/** Default memory limit of a run (everything its process allocates), in MB; a setting overrides it. */
export const DEFAULT_MEMORY_MB = 2048;

/** Default wall-clock limit for a run, in seconds; a setting overrides it. */
export const DEFAULT_TIME_LIMIT_S = 60;

/** How often the run's process measures its resident memory against the limit. */
export const MEMORY_POLL_MS = 25;

/**
 * Past the limit the run is asked to stop (keeping its last step); past this multiple of it, or
 * when it does not stop in time, its process is killed at once.
 */
export const MEMORY_HARD_FACTOR = 1.5;

/**
 * After a run's process raises the stop flag, how long the program has to reach its next
 * statement (and say so) before the process ends itself — the program is then inside one long
 * native call. Timed in the run's process, from when it got the stop: a busy machine delays the
 * message, not the budget.
 */
export const STOP_GRACE_MS = 250;
