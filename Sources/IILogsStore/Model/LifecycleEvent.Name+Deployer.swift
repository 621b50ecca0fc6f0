public import IILogsCore

extension LifecycleEvent.Name {
    /// Deployer: the instance was launched (may arrive before its agent ever connects).
    public static let launched: Self = "launched"
    /// Deployer: termination was asked for; the instance counts as `terminating`.
    public static let terminateRequested: Self = "terminate-requested"
    /// Deployer: taken out of service for inspection; the instance counts as `quarantined` until released.
    public static let quarantinedByDeployer: Self = "quarantined-by-deployer"
    /// Collector: a rule's quarantine flag (detail `rule R: reason`); counts like ``quarantinedByDeployer``.
    /// Databases from before it existed record rule quarantines as `quarantined-by-deployer`.
    public static let quarantinedByRule: Self = "quarantined-by-rule"
    /// Ends a quarantine (recorded by the quarantine workflow; not accepted from deployers yet).
    public static let quarantineReleased: Self = "quarantine-released"

    /// The events a deployer may post (`terminated` is ``terminated``: it closes the instance for good).
    public static let deployerNames: [Self] = [.launched, .terminateRequested, .terminated, .quarantinedByDeployer]
}
