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
 * After a run's process raises the stop flag, how much CPU time the program may spend before it
 * reaches its next statement (and says so) — past it, the program is inside one long native call
 * and the process ends itself. CPU time, measured in the run's process from when it got the stop:
 * a busy machine that runs the program less delays the stop, it does not lose the last step.
 */
export const STOP_GRACE_MS = 250;
/** However little CPU the program got, a stop is never waited on longer than this. */
export const STOP_WALL_LIMIT_MS = 5000;
/** How often a stopping run's process checks on it. */
export const STOP_POLL_MS = 25;
