import DubanCore

/// An error of the CLI's own, with a code and a sentence in English and Chinese.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    public var code: String
    public var message: LocalizedText

    public var description: String { message.en }

    static func badConfiguration(_ path: String) -> Self {
        .init(code: "client.bad_configuration",
              message: .init(en: "the configuration file \(path) is damaged; fix or delete it",
                             zh: "配置文件 \(path) 已损坏，请修复或删除"))
    }

    static func badServerURL(_ text: String) -> Self {
        .init(code: "client.bad_server_url",
              message: .init(en: "\(text) is not a server address (expected http://host:port or https://host)",
                             zh: "\(text) 不是有效的服务器地址（应为 http://主机:端口 或 https://主机）"))
    }
}
