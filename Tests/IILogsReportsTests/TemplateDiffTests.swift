import IILogsReports
import Testing

@Suite struct TemplateDiffTests {
    func t(_ template: String) -> LogTemplate {
        LogTemplate(template: template, count: 1, firstSeen: "", lastSeen: "", app: "a", example: template, severities: [:])
    }

    @Test func templatesOnlyInTheFirstSet() {
        let mine = [t("Invalid user <*> from <IP> port <NUM>"), t("Out of memory: Killed process <NUM> (java)"), t("disk <*> full")]
        let siblings = [t("Invalid user admin from <IP> port <NUM>"), t("disk sda <*>")]
        #expect(TemplateDiff.onlyIn(mine, notIn: siblings).map(\.template) == ["Out of memory: Killed process <NUM> (java)"])
    }

    @Test func typedPlaceholdersMatchOnlyThemselvesOrWildcards() {
        #expect(TemplateDiff.onlyIn([t("retry <NUM>")], notIn: [t("retry <IP>")]).count == 1)
        #expect(TemplateDiff.onlyIn([t("retry <NUM>")], notIn: [t("retry <*>")]).isEmpty)
        #expect(TemplateDiff.onlyIn([t("retry <NUM>")], notIn: [t("retry <NUM> times")]).count == 1)
    }

    @Test func minedSetsOfTwoImages() throws {
        // Given the same app on two images, where only the new one hits the OOM killer
        let old = try TemplateMiner.mine(TemplateCorpora.lines(TemplateCorpora.sshd + TemplateCorpora.systemd)).templates
        let new = try TemplateMiner.mine(TemplateCorpora.lines(TemplateCorpora.sshd + TemplateCorpora.kernel.prefix(2))).templates
        // Then the OOM template is the only new one
        #expect(TemplateDiff.onlyIn(new, notIn: old).map(\.template) == [
            "[<NUM>] Out of memory: Killed process <NUM> (java) total-vm:<NUM>, anon-rss:<NUM>, file-rss:<NUM>, shmem-rss:<NUM>, UID:<NUM> pgtables:<NUM> oom_score_adj:<NUM>",
        ])
    }
}
