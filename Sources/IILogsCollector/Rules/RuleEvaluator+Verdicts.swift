public import IILogsCore
public import IILogsRules

extension RuleEvaluator {
    /// The verdict of every image version the engine tracks (instances heard from within the engine's
    /// ``EngineLimits/forgetAfter``), without a baseline: what `GET /v1/images/V/health` answers for each.
    public func verdicts(now: Timestamp) -> [ImageHealthReport] {
        engine.imageVersions.map { image in
            ImageHealthAnalyzer.analyze(engine.healthInput(image: image, now: now), baseline: nil, policy: ruleFile.health)
        }
    }
}
