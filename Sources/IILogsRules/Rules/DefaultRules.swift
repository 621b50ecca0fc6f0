// Generated from collector/packaging/rules.yaml: keep the two identical (DefaultRulesTests checks).

/// The shipped default rule file, embedded so the collector runs with sensible rules and no file.
public enum DefaultRules {
    /// The text of `collector/packaging/rules.yaml`.
    public static let yaml = #"""
# iilogs collector rule file: the shipped defaults (docs/RULES.md describes every field).
# Point the collector at your own copy; a rule file with any problem is refused at start-up
# with the rule and the field named.
version: 1
rules:
  # --- the kernel says the instance is broken -------------------------------------------
  - name: oom-kill
    kind: log_pattern
    action: quarantine
    description: The kernel's OOM killer killed a process (system-wide or in a memory cgroup).
    app: kernel
    contains: "of memory: Killed process"
    match: words
    regex: "[Oo]ut of memory: Killed process"
    window: 5m
    threshold: 1

  - name: kernel-panic
    kind: log_pattern
    action: quarantine
    description: The kernel panicked.
    app: kernel
    contains: "Kernel panic - not syncing"
    match: words
    window: 5m
    threshold: 1

  - name: kernel-oops
    kind: log_pattern
    action: quarantine
    description: A kernel oops, BUG or general protection fault; the kernel may be in an unknown state.
    app: kernel
    # "general protection fault: " and ", probably…" are the kernel's own; a process's is "traps: x[1] general protection fault ip:…".
    contains: ["Oops: ", "BUG: unable to handle", "BUG: kernel NULL pointer", "general protection fault: ", "general protection fault, probably"]
    match: words
    window: 5m
    threshold: 1

  - name: segfault
    kind: log_pattern
    action: warn
    description: Processes are segfaulting.
    app: kernel
    contains: " segfault at "
    match: words
    window: 10m
    threshold: 3

  - name: filesystem-read-only
    kind: log_pattern
    action: quarantine
    description: The kernel remounted a filesystem read-only after an error.
    app: kernel
    contains: "filesystem read-only"
    match: words
    window: 5m
    threshold: 1

  # --- resources --------------------------------------------------------------------------
  - name: disk-nearly-full
    kind: metric_threshold
    action: warn
    description: The root filesystem has been more than 95% full for 5 minutes.
    metric: disk.used_fraction
    labels:
      mount: /
    above: 0.95
    for: 5m

  # --- lifecycle --------------------------------------------------------------------------
  - name: instance-lost
    kind: heartbeat_missing
    action: quarantine
    description: Nothing heard for 2 minutes and no terminating event (the agent sends a heartbeat every 10s).
    after: 2m

  - name: never-ready
    kind: never_ready
    action: quarantine
    description: Booted but did not report ready within 10 minutes.
    within: 10m

  - name: crash-loop
    kind: crash_loop
    action: quarantine
    description: A systemd unit restarted 5 times within 10 minutes.
    source: restarts
    app: systemd
    contains: "Scheduled restart job"
    match: words
    count: 5
    window: 10m

  - name: boot-loop
    kind: crash_loop
    action: quarantine
    description: The instance booted 3 times within 15 minutes.
    source: boots
    count: 3
    window: 15m

  # --- compared with siblings of the same image version -----------------------------------
  - name: error-rate-outlier
    kind: sibling_outlier
    action: warn
    description: Far more error lines per minute than the other instances of the same image version.
    signal: error_rate
    window: 10m
    min_siblings: 5
    min_value: 10
    min_ratio: 3
    max_deviation: 5

health:
  degraded_unhealthy_share: 5%
  failing_unhealthy_share: 25%
  degraded_error_rate: 2%
  failing_error_rate: 10%
  degraded_crash_rate: 0.2
  failing_crash_rate: 1.0
  key_metrics: [cpu.busy, mem.used_fraction, disk.used_fraction]
  pass_score: 95
  marginal_score: 75
  alpha: 0.05
  effect_tolerance: 0.25
  min_samples: 3

"""#
}
