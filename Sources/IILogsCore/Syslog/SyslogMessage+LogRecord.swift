extension SyslogMessage {
    /// The record this message becomes: structured data as fields named `sdID.param`, the MSGID as
    /// field `msgid` when present, and `receivedAt` when the message carried no timestamp. The elements
    /// with SD-ID `omittedElement` (one already read for another purpose) become no fields.
    public func logRecord(receivedAt: Timestamp, omittingElement omittedElement: String? = nil) -> LogRecord {
        var fields: [LogField] = []
        if !msgID.isEmpty { fields.append(LogField("msgid", msgID)) }
        for element in structuredData where element.id != omittedElement {
            for parameter in element.parameters {
                fields.append(LogField("\(element.id).\(parameter.name)", parameter.value))
            }
        }
        return LogRecord(time: timestamp ?? receivedAt, severity: severity, facility: facility, hostname: hostname,
                         app: appName, procID: procID, message: message, fields: fields)
    }
}
