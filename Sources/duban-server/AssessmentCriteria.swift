import ArgumentParser
import DubanCore
import DubanServer
import Foundation
import Logging

extension DubanServerCommand {
    /// `duban-server assessment-criteria --year Y FILE`: sets a plan's assessment criteria.
    struct AssessmentCriteria: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assessment-criteria",
            abstract: "Set a plan's year-end assessment criteria, score scales and weights from JSON.",
            discussion: """
                FILE is a JSON array such as
                  [{"code": "material_submission", "name_zh": "材料报送", "name_en": "material submission",
                    "max_score": 40, "weight": 40, "prefill": "timeliness"}, …]
                Weights add up to 100. "prefill": "timeliness" fills a criterion from the unit's on-time rate.
                Without this command a plan uses the defaults of migration 0012 (材料报送 40, 配合完成实事项目 40,
                绩效加分确认 20). Refused once a sheet of the plan exists.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The plan's year.") var year: Int
        @Argument(help: "The criteria JSON file.") var file: String

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError(CommandSupport.language == .zh ? "无法读取文件 \(file)" : "cannot read \(file)")
                }
                let connection = try await database.connect(logger: Logger(label: "duban.assessment"))
                defer { connection.close() }
                do {
                    let stored = try await AssessmentCriteriaImporter().importCriteria(data, year: year, on: connection)
                    for criterion in stored {
                        CommandSupport.say(.init(en: "\(criterion.code): \(criterion.nameEn), max \(criterion.maxScore), weight \(criterion.weight)",
                                                 zh: "\(criterion.code)：\(criterion.nameZh)，满分 \(criterion.maxScore)，权重 \(criterion.weight)"))
                    }
                } catch let failure as AssessmentCriteriaImporter.Failure {
                    throw ValidationError("\(failure.code): \(CommandSupport.language == .zh ? failure.message.zh : failure.message.en)")
                }
            }
        }
    }
}
