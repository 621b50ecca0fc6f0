import IILogsCore
import IILogsReports
import Testing

@Suite struct PostmortemAssemblerTests {
    typealias F = PostmortemAssemblerFixture

    @Test func identityComesFromTheInstanceAndItsTimeline() async throws {
        let report = try await F.assembler().assemble(instance: "i-a")
        #expect(report.identity.instance == "i-a" && report.identity.image == "v1" && report.identity.state == "lost")
        #expect(report.identity.end == F.at(0), "a lost instance ends at its last sign of life")
        #expect(report.identity.endReason?.hasPrefix("lost: last heard from") == true)
        #expect(report.identity.boots == [ReportBoot(id: "boot-1", firstSeen: F.at(-600), lastSeen: F.at(-400)),
                                          ReportBoot(id: "boot-2", firstSeen: F.at(-300), lastSeen: F.at(0))])
        #expect(report.identity.labels == ["zone": "a"])
        #expect(report.timeline.map(\.kind) == ["boot", "agent-start", "reboot", "end"])
        #expect(report.timeline.first?.text == "uptime 1s (agent)")
        #expect(report.generatedAt == RFC3339.format(F.now) && report.dataSource == "fixture")
    }

    @Test func lastLinesAreTheNewestBeforeTheEndOldestFirst() async throws {
        let five = try await F.assembler(lastLines: 5).assemble(instance: "i-a")
        #expect(five.lastLinesRequested == 5)
        #expect(five.lastLines.map(\.time) == (Int64(-5)...(-1)).map(F.at))
        #expect(five.lastLines.allSatisfy { $0.message == F.oom && $0.severity == "crit" && $0.app == "kernel" })

        let all = try await F.assembler().assemble(instance: "i-a")
        #expect(all.lastLines.count == 200)
        #expect(all.lastLines.map(\.time) == all.lastLines.map(\.time).sorted())
        #expect(all.lastLines.last?.time == F.at(-1), "the line logged after the end is left out")
        #expect(!all.lastLines.contains { $0.message.contains("late error") })
    }

    @Test func errorAndWarningLinesOfTheLifeAreMinedIntoTemplates() async throws {
        let report = try await F.assembler().assemble(instance: "i-a")
        #expect(report.templates.messages == 8, "5 OOM + 3 quota; info lines and the line after the end are not mined")
        let oom = report.templates.templates.first { $0.example == F.oom }
        #expect(oom?.count == 5 && oom?.severities == ["crit": 5])
        #expect(oom?.firstSeen == F.at(-5) && oom?.lastSeen == F.at(-1))
        let quota = report.templates.templates.first { $0.example == F.quota }
        #expect(quota?.count == 3 && quota?.severities == ["warning": 3])
        #expect(report.templates.templates.count == 2)
    }

    @Test func siblingsBandIsTheirMinimumAndMaximumPerStep() async throws {
        let report = try await F.assembler().assemble(instance: "i-a")
        let cpu = try #require(report.metrics.first { $0.name == "cpu" })
        #expect(cpu.unit == "%")
        #expect(cpu.points.map(\.time) == [F.at(-90), F.at(-60), F.at(-30), F.at(0)])
        #expect(cpu.values == [10, 20, 50, 99])
        #expect(cpu.points.map(\.siblingMin) == [10, 10, 20, 20])
        #expect(cpu.points.map(\.siblingMax) == [20, 30, 30, 30])
        let rx = try #require(report.metrics.first { $0.name == "network-rx" })
        #expect(rx.values == [3] && rx.unit == "KiB/s", "eth0 + eth1, lo left out")
        let memory = try #require(report.metrics.first { $0.name == "memory-used" })
        #expect(memory.values == [1] && memory.unit == "MiB" && memory.points.first?.siblingMin == nil, "no sibling has memory")
        #expect(report.notes.contains { $0.hasPrefix("metrics not stored for i-a:") && $0.contains("disk /") && $0.contains("network-tx") })
    }

    @Test func siblingComparisonKeepsWhatOnlyThisInstanceDid() async throws {
        let report = try await F.assembler().assemble(instance: "i-a")
        let siblings = try #require(report.siblings)
        #expect(siblings.siblingCount == 2)
        #expect(siblings.uniqueTemplates.map(\.example) == [F.oom], "the quota warning is logged by the siblings too")
        #expect(siblings.metricsOutsideRange == [MetricDeviation(metric: "cpu", unit: "%", time: F.at(0), value: 99, siblingMin: 20,
                                                                 siblingMax: 30)])
        #expect(report.flags.isEmpty)
        #expect(report.notes.contains(PostmortemAssembler.flagsUnavailableNote), "the fixture has no flags for i-a: it cannot tell")
    }

    @Test func flagsAreShownOldestFirstWithEvidenceReleaseAndCommandOutcome() async throws {
        var source = F.source
        let older = APIFlag(id: 1, instance: "i-a", image: "v1", rule: "disk-nearly-full", kind: "metric_threshold", action: "warn", key: "/",
                            time: "2026-11-23T09:00:00Z", reason: "disk.used_ratio 0.97 above 0.95 for 5m",
                            evidence: [APIFlagEvidence(kind: "metric", time: "2026-11-23T08:55:00Z", text: "disk.used_ratio=0.97", source: 1, offset: 0)],
                            releasedAt: "2026-11-23T09:30:00Z", releaseReason: "disk grown", actionResults: [])
        let newer = APIFlag(id: 2, instance: "i-a", image: "v1", rule: "oom-kill", kind: "log_pattern", action: "quarantine", key: "",
                            time: "2026-11-23T10:00:00Z", reason: "1 line matched in 5m",
                            evidence: [APIFlagEvidence(kind: "log", time: "2026-11-23T09:59:59Z", text: "Out of memory: Killed process 7", source: 2, offset: 3)],
                            releasedAt: nil, releaseReason: nil,
                            actionResults: [APIFlagActionRun(argv: ["/usr/local/bin/standby", "i-a"], exitStatus: 0, signal: nil, timedOut: false,
                                                             output: "ok", outputTruncated: false, durationMilliseconds: 12, startError: nil)])
        source.flagsByInstance["i-a"] = [newer, older]  // the API answers newest first

        let report = try await F.assembler(source: source).assemble(instance: "i-a")

        #expect(report.flags == [
            QuarantineFlagEntry(rule: "disk-nearly-full", action: "warn", reason: "disk.used_ratio 0.97 above 0.95 for 5m",
                                time: "2026-11-23T09:00:00Z", evidence: ["2026-11-23T08:55:00Z [metric] disk.used_ratio=0.97"],
                                released: "2026-11-23T09:30:00Z: disk grown"),
            QuarantineFlagEntry(rule: "oom-kill", action: "quarantine", reason: "1 line matched in 5m [command /usr/local/bin/standby i-a: exit 0]",
                                time: "2026-11-23T10:00:00Z", evidence: ["2026-11-23T09:59:59Z Out of memory: Killed process 7"]),
        ])
        #expect(!report.notes.contains(PostmortemAssembler.flagsUnavailableNote))
        let text = PostmortemFormat.text.render(report, width: 100)
        #expect(text.contains("released: 2026-11-23T09:30:00Z: disk grown"))
    }

    @Test func missingDataBecomesNotes() async throws {
        let report = try await F.assembler().assemble(instance: "i-e")
        #expect(report.lastLines.isEmpty && report.templates.templates.isEmpty && report.metrics.isEmpty && report.timeline.isEmpty)
        #expect(report.siblings == nil)
        #expect(report.identity.end == nil)
        for expected in ["no timeline is stored for i-e", "no log lines are stored for i-e", "no metrics are stored for i-e",
                         "no other instance of image v9", PostmortemAssembler.flagsUnavailableNote, "i-e is running"] {
            #expect(report.notes.contains { $0.hasPrefix(expected) }, "\(expected) in \(report.notes)")
        }
    }

    @Test func templateLineLimitIsNoted() async throws {
        var assembler = F.assembler()
        assembler.options.maxTemplateLines = 4
        let report = try await assembler.assemble(instance: "i-a")
        #expect(report.templates.messages == 4)
        #expect(report.notes.contains { $0.hasPrefix("templates are mined from the newest 4 error and warning lines only") })
    }

    @Test func unknownInstanceIsAClearError() async throws {
        await #expect(throws: PostmortemAssemblerError(.unknownInstance, "no instance i-zz is known to the fixture")) {
            try await F.assembler().assemble(instance: "i-zz")
        }
        var assembler = F.assembler()
        assembler.options.lastLines = 0
        await #expect(throws: PostmortemAssemblerError.self) { try await assembler.assemble(instance: "i-a") }
    }
}
