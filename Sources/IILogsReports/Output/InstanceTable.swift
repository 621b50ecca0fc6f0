public import IILogsCore

/// Plain-text tables of instances and images for the terminal.
public enum InstanceTable {
    public static func render(_ instances: [APIInstance]) -> String {
        var rows = [["INSTANCE", "IMAGE", "STATE", "LINES", "BATCHES", "GAPS", "DROPPED", "LAST SEEN", "LAST EVENT"]]
        for i in instances {
            rows.append([i.instance, i.image, i.state, String(i.delivery.lines), String(i.delivery.batches),
                         String(i.delivery.sequenceGaps), String(i.delivery.agentDroppedRecords), shortTime(i.lastSeen), i.lastEvent ?? "-"])
        }
        return table(rows)
    }

    public static func render(_ images: [APIImage]) -> String {
        let states = ["running", "terminating", "terminated", "lost", "quarantined"]
        // ALIVE: running or terminating (still shipping).
        var rows = [["IMAGE", "INSTANCES", "ALIVE"] + states.map { $0.uppercased() } + ["LINES", "LAST SEEN"]]
        for image in images {
            let alive = (image.states["running"] ?? 0) + (image.states["terminating"] ?? 0)
            rows.append([image.image, String(image.instances), String(alive)] + states.map { String(image.states[$0] ?? 0) }
                        + [String(image.lines), shortTime(image.lastSeen)])
        }
        return table(rows)
    }

    public static func detail(_ i: APIInstance) -> String {
        var out = """
            instance   \(i.instance)
            image      \(i.image)
            boot       \(i.boot.isEmpty ? "-" : i.boot)
            state      \(i.state)
            first seen \(i.firstSeen)
            last seen  \(i.lastSeen)
            last line  \(i.lastLogTime ?? "-")
            delivery   \(i.delivery.lines) lines in \(i.delivery.batches) batches, \(i.delivery.duplicateBatches) duplicates resent, \
            \(i.delivery.sequenceGaps) sequence gaps, \(i.delivery.agentDroppedRecords) records dropped by the agent

            """
        if !i.labels.isEmpty {
            out += "labels     " + i.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "\n"
        }
        if let events = i.events, !events.isEmpty {
            out += "\nevents\n"
            out += table(events.map { [shortTime($0.time), $0.name, $0.detail] })
        }
        return out
    }

    /// `2026-11-23T09:00:00.123456789Z` → `2026-11-23 09:00:00`.
    static func shortTime(_ rfc3339: String) -> String {
        guard rfc3339.count >= 19 else { return rfc3339 }
        return rfc3339.prefix(10) + " " + rfc3339.dropFirst(11).prefix(8)
    }

    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count) }
                .joined(separator: "  ")
        }.map { $0 + "\n" }.joined()
    }
}
