/*
 * kstat_standin.h: control functions of the stand-in libkstat (tests only). See README.md for the contract.
 */
#ifndef KSTAT_STANDIN_CONTROL_H
#define KSTAT_STANDIN_CONTROL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Makes `frame` the current frame of the current kernel. 0, or -1 with ESRCH (no kernel) or EINVAL. */
int kstat_standin_set_frame(int frame);

/* Advances the current kernel one frame (stays on the last). The new frame index, or -1 with ESRCH. */
int kstat_standin_next_frame(void);

/*
 * The next `count` calls of `op` fail with errno `err`; count <= 0 or err == 0 clears the op.
 * op: "open", "chain_update", "lookup", "data_lookup", "read", "write" (the function fails at once),
 *     "ioctl_read", "ioctl_chain_id" (the simulated kernel fails; the library reacts as libkstat does).
 * 0, or -1 with EINVAL for an unknown op.
 */
int kstat_standin_inject(const char *op, int err, int count);

/*
 * Deletes the matching kstats from the current kernel (NULL module/name, instance -1: wildcards): reads fail
 * with ENXIO and the next kstat_chain_update drops them. The number removed (0 with ENOENT), -1 with ESRCH.
 */
int kstat_standin_remove(const char *module, int instance, const char *name);

/* A counter by name (see README.md), or -1 with EINVAL for an unknown name. */
long long kstat_standin_counter(const char *name);

/* Clears injections and counters, restores privilege, and detaches the current kernel. */
void kstat_standin_reset(void);

/* 0: kstat_write fails with EPERM; non-zero (the default): writes are allowed. */
void kstat_standin_set_privileged(int privileged);

/* The last fixture load error ("file:line: cause"), or "". */
const char *kstat_standin_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* KSTAT_STANDIN_CONTROL_H */
