@testable import DubanClient
import DubanCore
import DubanSpreadsheet
import Foundation
import Testing

@Suite struct ListingTests {
    let accounts = AccountList(accounts: [
        AccountInfo(login: "admin", displayName: "系统管理员", role: .admin, unitCode: "yf", unitName: "鱼峰区人民政府",
                    disabled: false, mustChangePassword: false, createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                    lastSignInAt: nil),
        AccountInfo(login: "tianma01", displayName: "张三, Jr.", role: .staff, unitCode: "jd-tianma", unitName: "天马街道办事处",
                    disabled: true, mustChangePassword: true, createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                    lastSignInAt: Date(timeIntervalSince1970: 1_700_003_600)),
    ])
    let shanghai = Presentation(language: .zh, timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    @Test func jsonIsTheWireBody() throws {
        let text = try Listing.accounts.render(accounts.accounts, body: accounts, format: .json, presentation: shanghai)
        let decoded = try WireJSON.decoder().decode(AccountList.self, from: Data(text.utf8))
        #expect(decoded == accounts)
        #expect(text.contains("\"display_name\" : \"系统管理员\""))
    }

    @Test func csvHasBOMHeadersInTheUsersLanguageAndLocalTimes() throws {
        let text = try Listing.accounts.render(accounts.accounts, body: accounts, format: .csv, presentation: shanghai)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "\u{FEFF}登录名,姓名,角色,单位代码,单位名称,状态,须改密码,最近登录,创建时间,创建人,重置密码时间,重置人")
        #expect(lines[1] == "admin,系统管理员,admin,yf,鱼峰区人民政府,启用,否,,2023-11-15 06:13:20,,,")
        #expect(lines[2] == "tianma01,\"张三, Jr.\",staff,jd-tianma,天马街道办事处,已停用,是,2023-11-15 07:13:20,2023-11-15 06:13:20,,,")
    }

    @Test func tableLinesUpInEnglishToo() throws {
        let english = Presentation(language: .en, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let text = try Listing.accounts.render(accounts.accounts, body: accounts, format: .table, presentation: english)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("login     name        role   unit       unit name       status"))
        let statusColumn = zip([lines[0], lines[2], lines[3]], ["status", "active", "disabled"]).map { line, cell in
            DisplayWidth.of(line[..<line.range(of: cell, options: .backwards)!.lowerBound])
        }
        #expect(statusColumn == [56, 56, 56], "\(text)")
    }

    @Test func aRecordReadsAsAlignedLines() {
        let me = MeResponse(account: accounts.accounts[1],
                            session: SessionInfo(deviceId: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!,
                                                 deviceName: "office-pc", createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                                                 expiresAt: Date(timeIntervalSince1970: 1_705_184_000)))
        let text = Listing.me.renderRecord(me, presentation: shanghai)
        #expect(text.hasPrefix("登录名    tianma01\n姓名      张三, Jr.\n"), "\(text)")
        #expect(text.contains("单位名称  天马街道办事处\n"))
        #expect(text.contains("会话到期  2024-01-14 06:13:20\n"))
    }

    @Test func auditTablesShortenLongValuesButCSVKeepsThem() throws {
        let detail = #"{"display_name":"张三","role":"staff","unit_code":"jd-tianma","note":"a long detail that goes on and on"}"#
        let entry = AuditEntry(id: 7, seq: 6, receivedAt: Date(timeIntervalSince1970: 1_700_000_000), accountLogin: "admin",
                               unitCode: "yf", deviceId: UUID(uuidString: "0A1B2C3D-0000-0000-0000-000000000001"),
                               action: "account.create", entityType: "account", entityId: "tianma01", detail: detail, hash: "ab")
        let list = AuditList(entries: [entry], nextAfterId: nil)
        let table = try Listing.audit.render(list.entries, body: list, format: .table, presentation: shanghai)
        #expect(table.contains("0a1b2c3d  account.create"))
        #expect(!table.contains("0a1b2c3d-0000"))
        #expect(table.contains("…"))
        let csv = try Listing.audit.render(list.entries, body: list, format: .csv, presentation: shanghai)
        #expect(csv.contains("0a1b2c3d-0000-0000-0000-000000000001"))
        #expect(csv.contains(CSVWriter.field(detail)))
    }
}
