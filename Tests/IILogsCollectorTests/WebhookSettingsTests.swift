import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct WebhookSettingsTests {
    @Test func urlsParse() throws {
        let plain = try WebhookURL(parsing: "http://deploy.internal/hooks/iilogs?team=web")
        #expect(plain.host == "deploy.internal")
        #expect(plain.port == 80)
        #expect(plain.pathAndQuery == "/hooks/iilogs?team=web")
        let v6 = try WebhookURL(parsing: "http://[::1]:8080")
        #expect(v6.host == "::1")
        #expect(v6.port == 8080)
        #expect(v6.pathAndQuery == "/")
        #expect(v6.description == "http://[::1]:8080/")
    }

    @Test(arguments: ["https://x/y", "ftp://x", "http://", "http://x:0/", "http://x:99999/", "http://u:p@x/", "http://x/a b", "http://x/#f"])
    func badURLsAreRefused(text: String) {
        #expect(throws: WebhookURLError.self) { _ = try WebhookURL(parsing: text) }
    }

    @Test func validationNamesTheField() {
        func key(_ settings: WebhookSettings) -> String? {
            do { try settings.validate() } catch { return error.key }
            return nil
        }
        let good = WebhookEndpointSettings(url: "http://127.0.0.1:1/x", secret: String(repeating: "s", count: 16))
        #expect(key(WebhookSettings(endpoints: [good])) == nil)
        #expect(key(WebhookSettings()) == nil)
        var short = good
        short.secret = "short"
        #expect(key(WebhookSettings(endpoints: [good, short])) == "webhooks.endpoints[1].secret")
        #expect(key(WebhookSettings(endpoints: [good, good])) == "webhooks.endpoints")
        var noKinds = good
        noKinds.kinds = []
        #expect(key(WebhookSettings(endpoints: [noKinds])) == "webhooks.endpoints[0].kinds")
        #expect(key(WebhookSettings(endpoints: [good], maxQueuedNotifications: 0)) == "webhooks.maxQueuedNotifications")
        #expect(key(WebhookSettings(endpoints: [good], connectTimeout: .seconds(5), requestTimeout: .seconds(1))) == "webhooks.requestTimeout")
        #expect(key(WebhookSettings(retry: RetryPolicy(maxAttempts: 0))) == "webhooks.retry.maxAttempts")
        #expect(key(WebhookSettings(retry: RetryPolicy(minBackoff: .seconds(10), maxBackoff: .seconds(1)))) == "webhooks.retry.maxBackoff")
    }

    @Test func printedSettingsDoNotShowTheSecret() {
        let settings = CollectorSettings(webhooks: WebhookSettings(endpoints: [
            WebhookEndpointSettings(url: "http://127.0.0.1:1/x", secret: "very-secret-value-123")]))
        for text in [String(describing: settings), String(reflecting: settings), "\(settings.webhooks.endpoints)"] {
            #expect(!text.contains("very-secret-value-123"))
            #expect(text.contains("http://127.0.0.1:1/x"))
        }
    }

    @Test func actionValidationNamesTheField() {
        func key(_ settings: ActionSettings) -> String? {
            do { try settings.validate() } catch { return error.key }
            return nil
        }
        #expect(key(ActionSettings(commands: [CommandActionSettings(argv: ["true"])])) == nil)
        #expect(key(ActionSettings(commands: [CommandActionSettings(argv: ["true"]), CommandActionSettings(argv: [])])) == "actions.commands[1].argv")
        #expect(key(ActionSettings(commands: [CommandActionSettings(argv: ["true"], kinds: [])])) == "actions.commands[0].kinds")
        #expect(key(ActionSettings(commandTimeout: .zero)) == "actions.commandTimeout")
        #expect(key(ActionSettings(maxOutputBytes: -1)) == "actions.maxOutputBytes")
    }

    @Test func notificationJSONKeysAreStableSnakeCase() throws {
        let notification = ActionNotification(kind: .imageVerdictChanged, id: "v-1", time: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000),
                                              image: "web-v2", reason: "error rate", verdict: "failing", previousVerdict: "healthy")
        let json = String(decoding: try ActionJSON.encode(notification), as: UTF8.self)
        #expect(json == #"{"evidence":[],"id":"v-1","image":"web-v2","kind":"image_verdict_changed","labels":{},"previous_verdict":"healthy","reason":"error rate","time":"2027-01-15T08:00:00.000000000Z","verdict":"failing","version":1}"#)
        #expect(try ActionJSON.decode(ActionNotification.self, from: Array(json.utf8)) == notification)
    }
}
