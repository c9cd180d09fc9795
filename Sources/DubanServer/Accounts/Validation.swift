import DubanCore
import Foundation

/// Input rules shared by the routes.
enum Validation {
    /// Logins: 2–64 characters, lower-case ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    static func isLogin(_ text: String) -> Bool {
        guard (2...64).contains(text.count) else { return false }
        let scalars = Array(text.unicodeScalars)
        let allowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return allowed(scalars[0]) && scalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    static func checkNewPassword(_ password: String) throws {
        guard password.count >= PasswordHasher.minPasswordLength else {
            throw DomainError.invalid("password.too_short", en: "the password needs at least \(PasswordHasher.minPasswordLength) characters",
                                   zh: "密码至少需要 \(PasswordHasher.minPasswordLength) 个字符")
        }
        guard password.utf8.count <= PasswordHasher.maxPasswordBytes else {
            throw DomainError.invalid("password.too_long", en: "the password is longer than \(PasswordHasher.maxPasswordBytes) bytes",
                                   zh: "密码超过 \(PasswordHasher.maxPasswordBytes) 字节")
        }
    }

    static func checkDisplayName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...TextLimit.displayName).contains(TextLimit.length(trimmed)), !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DomainError.invalid("account.bad_name", en: "the name must have 1 to 100 characters", zh: "名称须为 1 至 100 个字符")
        }
        return trimmed
    }

    /// Unit codes as the roster accepts them.
    static func isUnitCode(_ code: String) -> Bool {
        guard (1...64).contains(code.count) else { return false }
        return code.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }
}
