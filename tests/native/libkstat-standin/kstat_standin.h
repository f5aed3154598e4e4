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

/*
 * The next `count` successful kstat_read calls of matching kstats (NULL module/name, instance -1: wildcards) hand the
 * client inconsistent data, as a faulty kernel or library would: `what` is "ndata" (ks_ndata set to `value`),
 * "string_ptr" (the first STRING statistic's str.addr.ptr moved by `value` bytes) or "string_len" (its str.len set to
 * `value`); a kstat with no STRING value is left alone by the string corruptions. count <= 0 clears.
 * 0, or -1 with EINVAL (unknown `what`, names too long).
 */
int kstat_standin_corrupt(const char *module, int instance, const char *name, const char *what, long long value, int count);

/*
 * Provenance, for tools that print a fixture back (examples/Kstat --fixture): whether the current frame's fixture
 * gave `statistic` of the kstat module:instance:name, or the stand-in filled a default that no capture holds.
 * statistic: "class", "crtime", "snaptime" (defaults: the class of the kstat's kind, 0, 0; a "#! snaptime"
 * directive counts as given), a field of a RAW, IO, INTR or TIMER struct under the name kstat(1) prints
 * (several timers: "TIMER:FIELD"; fields a capture lacks are served as 0; a field changed by kstat_write counts as
 * given), or a named statistic (always given). The libkstat functions are unaffected: they serve the full struct.
 * 1 given, 0 default; -1 with ENOENT (no such kstat in the current kernel, or no such statistic), ESRCH (no
 * kernel: call after kstat_open) or EINVAL (NULL argument). A real libkstat has no such function.
 */
int kstat_standin_captured(const char *module, int instance, const char *name, const char *statistic);

/* A counter by name (see README.md), or -1 with EINVAL for an unknown name. */
long long kstat_standin_counter(const char *name);

/* Clears injections and counters, restores privilege, and detaches the current kernel. */
void kstat_standin_reset(void);

/* 0: kstat_write fails with EPERM; non-zero (the default): writes are allowed. */
void kstat_standin_set_privileged(int privileged);

/* The last fixture load error ("file:line: cause"), or "". */
const char *kstat_standin_last_error(void);

/*
 * Overrides the environment variable `name` (KSTAT_STANDIN_FIXTURES, KSTAT_STANDIN_ADVANCE,
 * KSTAT_STANDIN_MISUSE, KSTAT_STANDIN_EAGAIN_MS) for this process; value NULL removes the override.
 * (.NET's Environment.SetEnvironmentVariable does not reach getenv() on Unix; this does.)
 * 0, or -1 with EINVAL for an unknown name.
 */
int kstat_standin_config(const char *name, const char *value);

#ifdef __cplusplus
}
#endif

#endif /* KSTAT_STANDIN_CONTROL_H */
