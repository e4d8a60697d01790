// The resources a snippet's worker gets. The young generation is sized for autograd: a training
// step allocates every node of its graph and keeps them all alive until backward() is done, so
// with V8's default nursery (16 MB semi-spaces) each step pays for copying its whole graph. 256 MB
// makes the micrograd demo (W1 in bench/) run about 3x faster; measured in bench/.
export const YOUNG_GENERATION_MB = 256;

/** Default heap limit for a run (old generation), in MB; a setting overrides it. */
export const DEFAULT_HEAP_MB = 2048;

/** Default wall-clock limit for a run, in seconds; a setting overrides it. */
export const DEFAULT_TIME_LIMIT_S = 60;
