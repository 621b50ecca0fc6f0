public import IILogsCore

/// A small, self-contained SVG line chart over time: axes with labels, a shaded band (the siblings'
/// range) and an optional vertical marker (the end of life). Presentation attributes are inline, so the
/// SVG draws the same inside HTML, as a data-URI image or as a file. Pure and deterministic.
public struct SVGLineChart: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var time: Timestamp
        public var value: Double
        /// The band at this time (both or neither).
        public var bandLow: Double?
        public var bandHigh: Double?

        public init(time: Timestamp, value: Double, bandLow: Double? = nil, bandHigh: Double? = nil) {
            self.time = time
            self.value = value
            self.bandLow = bandLow
            self.bandHigh = bandHigh
        }
    }

    public var title: String
    public var unit: String
    public var points: [Point]
    /// A band over the whole width when no per-point band is given.
    public var band: ValueRange?
    /// A vertical dashed line, e.g. at the end of life.
    public var marker: Timestamp?
    public var markerLabel: String
    public var width: Int
    public var height: Int

    public init(title: String, unit: String, points: [Point], band: ValueRange? = nil, marker: Timestamp? = nil,
                markerLabel: String = "end", width: Int = 640, height: Int = 180) {
        self.title = title
        self.unit = unit
        self.points = points
        self.band = band
        self.marker = marker
        self.markerLabel = markerLabel
        self.width = width
        self.height = height
    }

    static let left = 52.0, right = 12.0, top = 24.0, bottom = 26.0
    static let lineColour = "#1f5fa8", bandColour = "#9bb8d8", gridColour = "#d9d9d9", textColour = "#333333", markerColour = "#b3261e"

    /// The `<svg>` element (no XML declaration), ending with a newline.
    public func render() -> String {
        let w = Double(width), h = Double(height)
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
        out += " role=\"img\" aria-label=\"\(Markup.escape(title)) (\(Markup.escape(unit)))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>\(Markup.escape(title)) (\(Markup.escape(unit)))</title>\n"
        out += "<text x=\"\(Markup.coordinate(Self.left))\" y=\"14\" fill=\"\(Self.textColour)\" font-weight=\"bold\">\(Markup.escape(title)) (\(Markup.escape(unit)))</text>\n"
        let times = points.map(\.time.secondsSinceEpoch) + (marker.map { [$0.secondsSinceEpoch] } ?? [])
        var ys = points.map(\.value) + points.compactMap(\.bandLow) + points.compactMap(\.bandHigh)
        if let band { ys += [band.min, band.max] }
        ys = ys.filter(\.isFinite)
        guard let t0 = times.min(), let t1 = times.max(), let yMin = ys.min(), let yMax = ys.max() else {
            out += "<text x=\"\(Markup.coordinate(w / 2))\" y=\"\(Markup.coordinate(h / 2))\" text-anchor=\"middle\" fill=\"\(Self.textColour)\">no data</text>\n"
            return out + "</svg>\n"
        }
        let ticks = Self.niceTicks(low: min(yMin, 0 <= yMin && yMin < (yMax - yMin) ? 0 : yMin), high: yMax)
        let lo = ticks.first!, hi = ticks.last!
        let tSpan = t1 > t0 ? t1 - t0 : 1
        func x(_ t: Double) -> String { Markup.coordinate(Self.left + (t - t0) / tSpan * plotW) }
        func y(_ v: Double) -> String { Markup.coordinate(Self.top + (hi - v) / (hi - lo) * plotH) }
        // Grid and y labels.
        for tick in ticks {
            out += "<line x1=\"\(Markup.coordinate(Self.left))\" y1=\"\(y(tick))\" x2=\"\(Markup.coordinate(w - Self.right))\" y2=\"\(y(tick))\" stroke=\"\(Self.gridColour)\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(Markup.coordinate(Self.left - 4))\" y=\"\(y(tick))\" dy=\"4\" text-anchor=\"end\" fill=\"\(Self.textColour)\">\(Markup.number(tick))</text>\n"
        }
        // X labels: up to five times, HH:MM UTC.
        let labelCount = min(5, max(Set(points.map(\.time)).count, 2))
        for i in 0..<labelCount {
            let t = t0 + tSpan * Double(i) / Double(labelCount - 1)
            let anchor = i == 0 ? "start" : i == labelCount - 1 ? "end" : "middle"
            out += "<text x=\"\(x(t))\" y=\"\(Markup.coordinate(h - 8))\" text-anchor=\"\(anchor)\" fill=\"\(Self.textColour)\">\(Self.clock(t))</text>\n"
        }
        // Axes.
        out += "<line x1=\"\(Markup.coordinate(Self.left))\" y1=\"\(Markup.coordinate(Self.top))\" x2=\"\(Markup.coordinate(Self.left))\" y2=\"\(Markup.coordinate(h - Self.bottom))\" stroke=\"\(Self.textColour)\" stroke-width=\"1\"/>\n"
        out += "<line x1=\"\(Markup.coordinate(Self.left))\" y1=\"\(Markup.coordinate(h - Self.bottom))\" x2=\"\(Markup.coordinate(w - Self.right))\" y2=\"\(Markup.coordinate(h - Self.bottom))\" stroke=\"\(Self.textColour)\" stroke-width=\"1\"/>\n"
        // Band: per-point segments, or one rectangle.
        for segment in bandSegments() {
            let upper = segment.map { "\(x($0.time.secondsSinceEpoch)),\(y($0.bandHigh!))" }
            let lower = segment.reversed().map { "\(x($0.time.secondsSinceEpoch)),\(y($0.bandLow!))" }
            out += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(Self.bandColour)\" fill-opacity=\"0.45\" stroke=\"none\"><title>siblings' range</title></polygon>\n"
        }
        if bandSegments().isEmpty, let band {
            out += "<rect class=\"band\" x=\"\(Markup.coordinate(Self.left))\" y=\"\(y(band.max))\" width=\"\(Markup.coordinate(plotW))\" height=\"\(Markup.coordinate(max((band.max - band.min) / (hi - lo) * plotH, 1)))\" fill=\"\(Self.bandColour)\" fill-opacity=\"0.45\"><title>siblings' range</title></rect>\n"
        }
        // The series.
        let finite = points.filter { $0.value.isFinite }
        if finite.count == 1 {
            out += "<circle class=\"line\" cx=\"\(x(finite[0].time.secondsSinceEpoch))\" cy=\"\(y(finite[0].value))\" r=\"2.5\" fill=\"\(Self.lineColour)\"/>\n"
        } else if !finite.isEmpty {
            out += "<polyline class=\"line\" points=\"\(finite.map { "\(x($0.time.secondsSinceEpoch)),\(y($0.value))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(Self.lineColour)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>\n"
        }
        if let marker {
            let mx = x(marker.secondsSinceEpoch)
            out += "<line class=\"marker\" x1=\"\(mx)\" y1=\"\(Markup.coordinate(Self.top))\" x2=\"\(mx)\" y2=\"\(Markup.coordinate(h - Self.bottom))\" stroke=\"\(Self.markerColour)\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n"
            out += "<text x=\"\(mx)\" y=\"\(Markup.coordinate(Self.top - 2))\" text-anchor=\"end\" fill=\"\(Self.markerColour)\">\(Markup.escape(markerLabel))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Runs of consecutive points that carry both band ends.
    func bandSegments() -> [[Point]] {
        var segments: [[Point]] = []
        var current: [Point] = []
        for p in points {
            if let l = p.bandLow, let h = p.bandHigh, l.isFinite, h.isFinite {
                current.append(p)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// 3–6 round tick values covering `low…high` (steps of 1, 2 or 5 × 10ⁿ).
    static func niceTicks(low: Double, high: Double) -> [Double] {
        var low = low, high = high
        if high <= low {
            low -= 1
            high += 1
        }
        let rough = (high - low) / 4
        let magnitude = pow10(floorLog10(rough))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step
        var ticks: [Double] = []
        var v = first
        while v < high + step * 0.001, ticks.count < 12 {
            ticks.append(v)
            v = first + step * Double(ticks.count)
        }
        if ticks.last! < high { ticks.append(v) }
        return ticks
    }

    static func floorLog10(_ v: Double) -> Int {
        var e = 0
        var x = v
        while x >= 10 { x /= 10; e += 1 }
        while x < 1 && x > 0 { x *= 10; e -= 1 }
        return e
    }

    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }

    /// `HH:MM` in UTC.
    static func clock(_ seconds: Double) -> String {
        let s = RFC3339.format(Timestamp(secondsSinceEpoch: seconds))
        return String(s.dropFirst(11).prefix(5))
    }
}
