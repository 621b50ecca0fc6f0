import IILogsCore
import IILogsRules
import Testing

/// Realistic incidents replayed through the default rules, one instance each, with heartbeats flowing
/// so that only the incident's rule can fire.
@Suite("Incident replay (default rules)")
struct IncidentReplayTests {
    typealias H = RuleEngineHarness

    /// Heartbeats every 10 s over [from, to).
    func heartbeats(_ h: H, _ instance: InstanceIdentity, from: Double, to: Double) {
        var t = from
        while t < to {
            h.event(instance, at: t, .heartbeat)
            t += 10
        }
    }

    @Test func oomKillQuarantinesOnceUntilTheWindowEmpties() throws {
        let h = H()
        let i = H.identity("i-0a11ce")
        h.event(i, at: 0, .boot, bootID: "b1")
        h.event(i, at: 20, .ready)
        h.log(i, at: 100, app: "java", "GC overhead limit exceeded", severity: .error)
        h.log(i, at: 101, app: "kernel", "java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0", severity: .warning)
        h.log(i, at: 101, app: "kernel", "Mem-Info:", severity: .warning)
        let killed = h.log(i, at: 101.5, app: "kernel", "Out of memory: Killed process 1234 (java) total-vm:8123456kB, anon-rss:7654321kB, "
                           + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:15000kB oom_score_adj:0", severity: .error)
        let flags = h.drain()
        try #require(flags.count == 1)
        let flag = flags[0]
        #expect(flag.rule == "oom-kill")
        #expect(flag.kind == .logPattern)
        #expect(flag.action == .quarantine)
        #expect(flag.instanceID == "i-0a11ce")
        #expect(flag.imageVersion == "v42")
        #expect(flag.time == H.at(101.5))
        #expect(flag.reason == "1 line matching \"[Oo]ut of memory: Killed process\" in 5m (threshold 1)")
        #expect(flag.evidence.map(\.ref) == [killed])
        #expect(flag.evidence.first?.text.hasPrefix("Out of memory: Killed process 1234 (java)") == true)

        // A second kill a minute later: still firing, no new flag.
        heartbeats(h, i, from: 110, to: 170)
        h.log(i, at: 170, app: "kernel", "Out of memory: Killed process 1301 (java) total-vm:8000000kB, anon-rss:7600000kB", severity: .error)
        h.tick(at: 175)
        #expect(h.drain().isEmpty)

        // Quiet for longer than the window: the rule resets, and a cgroup OOM kill fires it again.
        heartbeats(h, i, from: 180, to: 600)
        h.tick(at: 500)
        let again = h.log(i, at: 600, app: "kernel", "Memory cgroup out of memory: Killed process 2001 (java) total-vm:4000000kB", severity: .error)
        let second = h.drain()
        #expect(second.map(\.rule) == ["oom-kill"])
        #expect(second.first?.evidence.map(\.ref) == [again])
    }

    @Test func crashLoopingServiceIsFlaggedPerUnit() throws {
        let h = H()
        let i = H.identity("i-0c4a5h")
        h.event(i, at: 0, .boot, bootID: "b1")
        h.event(i, at: 15, .ready)
        var restartRefs: [EvidenceRef] = []
        for cycle in 1...6 {
            let t = Double(cycle) * 40
            h.log(i, at: t, app: "orders", "panic: dial tcp 10.0.3.7:5432: connect: connection refused", severity: .error)
            h.log(i, at: t + 0.1, app: "systemd", "orders.service: Main process exited, code=exited, status=1/FAILURE", severity: .notice)
            h.log(i, at: t + 0.1, app: "systemd", "orders.service: Failed with result 'exit-code'.", severity: .warning)
            restartRefs.append(h.log(i, at: t + 5, app: "systemd", "orders.service: Scheduled restart job, restart counter is at \(cycle).", severity: .notice))
            h.log(i, at: t + 5, app: "systemd", "Stopped orders.service - Orders API.", severity: .info)
            h.log(i, at: t + 5.1, app: "systemd", "Started orders.service - Orders API.", severity: .info)
            h.event(i, at: t + 10, .heartbeat)
        }
        // Another unit restarting once is not a loop.
        h.log(i, at: 250, app: "systemd", "chronyd.service: Scheduled restart job, restart counter is at 1.", severity: .notice)
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "crash-loop")
        #expect(flags[0].key == "orders.service")
        #expect(flags[0].action == .quarantine)
        #expect(flags[0].time == H.at(205))
        #expect(flags[0].reason == "orders.service restarted 5 times in 10m (threshold 5)")
        #expect(flags[0].evidence.map(\.ref) == Array(restartRefs.prefix(5)))
        #expect(h.engine.healthInput(image: "v42", now: H.at(260)).instances.first?.crashes == 7)
    }

    @Test func repeatedBootsAreABootLoop() throws {
        let h = H()
        let i = H.identity("i-0b007")
        var bootRefs: [EvidenceRef] = []
        for n in 0..<3 {
            let t = Double(n) * 240
            bootRefs.append(h.event(i, at: t, .boot, bootID: "boot-\(n)", detail: "uptime 3s"))
            h.event(i, at: t + 1, .agentStart)
            h.log(i, at: t + 30, app: "kernel", "EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.")
            h.event(i, at: t + 40, .ready)
            heartbeats(h, i, from: t + 50, to: t + 200)
        }
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "boot-loop")
        #expect(flags[0].reason == "booted 3 times in 15m (threshold 3)")
        #expect(flags[0].evidence.map(\.ref) == bootRefs)
        #expect(flags[0].evidence.map(\.text) == ["boot: uptime 3s", "boot: uptime 3s", "boot: uptime 3s"])
    }

    @Test func silentDeathIsLostButACleanTerminationIsNot() throws {
        let h = H()
        let dies = H.identity("i-0dead")
        let leaves = H.identity("i-0bye")
        for i in [dies, leaves] {
            h.event(i, at: 0, .boot, bootID: "b")
            h.event(i, at: 10, .ready)
        }
        heartbeats(h, dies, from: 20, to: 300)  // last at 290
        let last = h.event(dies, at: 295, .heartbeat)
        heartbeats(h, leaves, from: 20, to: 200)
        h.event(leaves, at: 200, .terminating, detail: "SIGTERM")
        h.event(leaves, at: 203, .shutdown)
        for t in stride(from: 300.0, through: 414, by: 6) { h.tick(at: t) }
        #expect(h.drain().isEmpty)
        h.tick(at: 415)
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "instance-lost")
        #expect(flags[0].instanceID == "i-0dead")
        #expect(flags[0].reason == "nothing heard for 2m since 2026-11-23T10:04:55Z (limit 2m) and no terminating event")
        #expect(flags[0].evidence.map(\.ref) == [last])
        h.tick(at: 600)
        #expect(h.drain().isEmpty, "fires once until the instance speaks again")
        let health = h.engine.healthInput(image: "v42", now: H.at(600))
        #expect(health.instances.map(\.state) == [.terminated, .quarantined])
    }

    @Test func diskFillingUpFiresWhenHeldFiveMinutesOnRootOnly() throws {
        let h = H()
        let i = H.identity("i-0d15c")
        var refs: [EvidenceRef] = []
        for step in 0...40 {
            let t = Double(step) * 30
            h.event(i, at: t, .heartbeat)
            refs.append(h.metric(i, at: t, "disk.used_fraction", Double(900 + 2 * step) / 1000, labels: [LogField("mount", "/")]))
            h.metric(i, at: t, "disk.used_fraction", 0.99, labels: [LogField("mount", "/var/lib/docker")])
        }
        // 0.952 first crosses at step 26 (780 s); held 5m at step 36 (1080 s).
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "disk-nearly-full")
        #expect(flags[0].action == .warn)
        #expect(flags[0].key == "mount=/")
        #expect(flags[0].time == H.at(1080))
        #expect(flags[0].reason == "disk.used_fraction{mount=/} above 0.95 for 5m (for 5m, last 0.972)")
        #expect(flags[0].evidence.map(\.ref) == Array(refs[27...36]))
        #expect(flags[0].evidence.last?.text == "disk.used_fraction{mount=/} = 0.972")

        // Cleaned up: a sample below resets, a new crossing needs another 5 minutes.
        h.metric(i, at: 1300, "disk.used_fraction", 0.80, labels: [LogField("mount", "/")])
        h.metric(i, at: 1330, "disk.used_fraction", 0.97, labels: [LogField("mount", "/")])
        h.event(i, at: 1500, .heartbeat)
        h.event(i, at: 1620, .heartbeat)
        h.tick(at: 1600)
        #expect(h.drain().isEmpty)
        h.tick(at: 1630)
        #expect(h.drain().map(\.rule) == ["disk-nearly-full"], "held by tick: the last sample is fresh enough")
    }

    @Test func readOnlyFilesystemQuarantines() throws {
        let h = H()
        let i = H.identity("i-0e4t")
        h.log(i, at: 0, app: "kernel", "EXT4-fs error (device nvme0n1p1): ext4_journal_check_start:83: comm systemd-journal: Detected aborted journal",
              severity: .critical)
        let remount = h.log(i, at: 0.2, app: "kernel", "EXT4-fs (nvme0n1p1): Remounting filesystem read-only", severity: .critical)
        h.log(i, at: 1, app: "postgres", "could not write to file \"pg_wal/xlogtemp.123\": Read-only file system", severity: .error)
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "filesystem-read-only")
        #expect(flags[0].reason == "1 line matching \"filesystem read-only\" in 5m (threshold 1)")
        #expect(flags[0].evidence.map(\.ref) == [remount])
    }

    @Test func kernelOopsAndSegfaultsUseRegexAndThreshold() throws {
        let h = H()
        let i = H.identity("i-0005")
        for n in 0..<3 {
            h.log(i, at: Double(n) * 60, app: "kernel",
                  "worker[\(4000 + n)]: segfault at 0 ip 000055d0c0ffee00 sp 00007ffd8a1b2c30 error 4 in worker[55d0c0f00000+100000]")
        }
        h.log(i, at: 200, app: "kernel", "BUG: kernel NULL pointer dereference, address: 0000000000000008", severity: .alert)
        h.log(i, at: 201, app: "myapp", "Oops: something went wrong in the UI")  // not the kernel
        h.log(i, at: 202, app: "kernel", "traps: node[4242] general protection fault ip:55d0c0ffee00 sp:7ffd8a1b2c30 error:0 in node[55d0c0f00000+2000000]")
        #expect(h.drain().map { "\($0.rule): \($0.reason)" } == [
            "segfault: 3 lines matching \" segfault at \" in 10m (threshold 3)",
            "kernel-oops: 1 line matching \"Oops: |BUG: unable to handle|BUG: kernel NULL pointer|general protection fault: |general protection fault, probably\" in 5m (threshold 1)",
        ])
    }

    @Test func neverReadyAfterBoot() throws {
        let h = H()
        let stuck = H.identity("i-05tuck")
        let fine = H.identity("i-0f1ne")
        let boot = h.event(stuck, at: 0, .boot, bootID: "b")
        h.event(fine, at: 0, .boot, bootID: "b")
        h.event(fine, at: 90, .ready)
        for t in stride(from: 10.0, through: 700, by: 10) {
            h.event(stuck, at: t, .heartbeat)
            h.event(fine, at: t, .heartbeat)
            h.tick(at: t)
        }
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "never-ready")
        #expect(flags[0].instanceID == "i-05tuck")
        #expect(flags[0].time == H.at(600))
        #expect(flags[0].reason == "no ready event 10m after boot at 2026-11-23T10:00:00Z (within 10m)")
        #expect(flags[0].evidence.map(\.ref) == [boot])
    }

    @Test func errorRateOutlierAmongSiblings() throws {
        let h = H()
        let fleet = (0..<8).map { H.identity("i-0s\($0)") }
        for t in stride(from: 0.0, to: 600, by: 10) {
            for (n, i) in fleet.enumerated() {
                h.event(i, at: t, .heartbeat)
                h.log(i, at: t + 1, app: "orders", "GET /api/orders/\(Int(t)) 200 12ms")
                if Int(t) % 60 == n * 5 { h.log(i, at: t + 2, app: "orders", "upstream timed out after 5s", severity: .error) }
                if n == 7 {
                    for k in 0..<5 { h.log(i, at: t + 3, app: "orders", "ERROR payment declined: card \(k) invalid", severity: .error) }
                }
            }
            h.tick(at: t + 5)
        }
        let flags = h.drain()
        try #require(flags.count == 1)
        #expect(flags[0].rule == "error-rate-outlier")
        #expect(flags[0].instanceID == "i-0s7")
        #expect(flags[0].action == .warn)
        #expect(flags[0].reason.hasPrefix("error lines per minute "), "\(flags[0].reason)")
        #expect(flags[0].reason.contains("of 8 instances of v42"), "\(flags[0].reason)")
    }

    @Test func resetNeedsAWholeWindowWithoutAMatch() {
        let h = H()
        let i = H.identity("i-0r35e7")
        // A steady segfault every 4 minutes: the count touches the threshold again and again, one flag.
        for n in 0..<8 {
            h.event(i, at: Double(n) * 240 - 5, .heartbeat)
            h.log(i, at: Double(n) * 240, app: "kernel", "worker[\(n)]: segfault at 8 ip 00007f0000000000 sp 00007ffc00000000 error 4")
            h.tick(at: Double(n) * 240 + 1)
        }
        #expect(h.drain().map(\.rule) == ["segfault"])
        // OOM kills 6 minutes apart with no tick between: the second still finds the window empty and fires.
        h.log(i, at: 2000, app: "kernel", "Out of memory: Killed process 77 (java)")
        h.log(i, at: 2360, app: "kernel", "Out of memory: Killed process 78 (java)")
        #expect(h.drain().map(\.rule) == ["oom-kill", "oom-kill"])
    }
}
