import Foundation
import Testing
import DubanImport

/// An indicator as a test writes it: name, target, measure, qualifier.
private struct Expected: Equatable, CustomStringConvertible {
    var name: String
    var target: Double
    var measure: String
    var qualifier: ProposedIndicator.Qualifier?

    init(_ name: String, _ target: Double, _ measure: String, _ qualifier: ProposedIndicator.Qualifier? = nil) {
        (self.name, self.target, self.measure, self.qualifier) = (name, target, measure, qualifier)
    }

    init(_ indicator: ProposedIndicator) {
        self.init(indicator.name, indicator.target, indicator.measure, indicator.qualifier)
    }

    var description: String { "\(name) \(target) \(measure) \(qualifier?.rawValue ?? "")" }
}

private func found(_ text: String, source: ProposedIndicator.Source = .completionStandard) -> [Expected] {
    IndicatorProposer.indicators(in: text, source: source).map(Expected.init)
}

@Suite struct IndicatorProposerTests {
    // MARK: The brief's examples

    @Test func aListAfterOneVerb() {
        #expect(found("完成5个游园、30套健身路径、10个篮球场建设") == [
            Expected("游园", 5, "个"), Expected("健身路径", 30, "套"), Expected("篮球场", 10, "个"),
        ])
        let phrases = IndicatorProposer.indicators(in: "完成5个游园、30套健身路径、10个篮球场建设", source: .content)
        #expect(phrases.map(\.phrase) == ["5个游园", "30套健身路径", "10个篮球场"])
        #expect(phrases.allSatisfy { $0.source == .content })
    }

    @Test func atLeastBeforeTheVerb() {
        #expect(found("至少完成50个小区改造 ，其余进入实质性改造。") == [Expected("小区改造", 50, "个", .atLeast)])
    }

    @Test func contentWithAnAside() {
        #expect(found("启动80个以上老旧小区改造（完成50个），提升小区配套设施。", source: .content)
            == [Expected("老旧小区改造", 80, "个", .atLeast)])
    }

    @Test func theContentDoesNotRepeatTheStandard() {
        let proposals = IndicatorProposer.propose(completionStandard: "至少完成50个小区改造 ，其余进入实质性改造。",
                                                  content: "启动80个以上老旧小区改造（完成50个），提升小区配套设施。")
        #expect(proposals.map(Expected.init) == [Expected("小区改造", 50, "个", .atLeast)])
        #expect(proposals.map(\.source) == [.completionStandard])
    }

    @Test func theContentAddsWhatTheStandardDoesNotName() {
        let proposals = IndicatorProposer.propose(completionStandard: "新建3所幼儿园。",
                                                  content: "新建3所幼儿园，新增公办学位2000个。")
        #expect(proposals.map(Expected.init) == [Expected("幼儿园", 3, "所"), Expected("公办学位", 2000, "个")])
        #expect(proposals.map(\.source) == [.completionStandard, .content])
    }

    @Test func namesAreUniqueInOneTask() {
        let proposals = IndicatorProposer.propose(completionStandard: "新建公厕30座、改造提升公厕50座", content: "")
        #expect(proposals.map(Expected.init) == [Expected("公厕", 30, "座")])
    }

    @Test func verbNumberMeasureNoun() {
        #expect(found("新建3所幼儿园") == [Expected("幼儿园", 3, "所")])
    }

    @Test func nounNumberMeasure() {
        #expect(found("新增公办学位2000个") == [Expected("公办学位", 2000, "个")])
        #expect(found("改造农贸市场5个") == [Expected("农贸市场", 5, "个")])
        #expect(found("培训1000人次") == [Expected("培训", 1000, "人次")])
    }

    @Test func chineseNumerals() {
        #expect(found("建设五个服务站、三十套健身器材、两所学校") == [
            Expected("服务站", 5, "个"), Expected("健身器材", 30, "套"), Expected("学校", 2, "所"),
        ])
        #expect(found("为一百二十户困难家庭安装燃气报警器") == [Expected("困难家庭", 120, "户")])
        #expect(found("完成十个村级综合服务中心和两所乡镇卫生院改造") == [
            Expected("村级综合服务中心", 10, "个"), Expected("乡镇卫生院改造", 2, "所"),
        ])
        #expect(found("帮扶三万人就业") == [Expected("就业", 30000, "人")])
    }

    @Test func decimalsAndWan() {
        #expect(found("受益人口约1.5万人") == [Expected("受益人口", 15000, "人", .about)])
        #expect(found("完成燃气入户改造3万户") == [Expected("燃气入户改造", 30000, "户")])
        #expect(found("新增城市绿地面积50万平方米") == [Expected("城市绿地面积", 50, "万平方米")])
        #expect(found("发放消费券1000万元，其中市级财政1.2亿元") == [
            Expected("消费券", 1000, "万元"), Expected("市级财政", 1.2, "亿元"),
        ])
        #expect(found("新增停车泊位1,200个") == [Expected("停车泊位", 1200, "个")])
    }

    @Test func qualifiers() {
        #expect(found("救助困难群众不少于5000名") == [Expected("救助困难群众", 5000, "名", .atLeast)])
        #expect(found("全市城镇新增就业1.5万人以上") == [Expected("全市城镇新增就业", 15000, "人", .atLeast)])
        #expect(found("新增普惠性托位超过300个") == [Expected("普惠性托位", 300, "个", .atLeast)])
        #expect(found("培训新型职业农民300人左右") == [Expected("培训新型职业农民", 300, "人", .about)])
        #expect(found("改造燃气管网约30千米") == [Expected("燃气管网", 30, "千米", .about)])
        #expect(found("建设30余个社区书屋") == [Expected("社区书屋", 30, "个", .atLeast)])
        #expect(found("新建改建城市公园3至5个") == [Expected("城市公园", 3, "个", .atLeast)])
    }

    @Test func percentages() {
        #expect(found("覆盖率达到95%以上") == [Expected("覆盖率", 95, "%", .atLeast)])
        #expect(found("生活垃圾回收利用率达到35%") == [Expected("生活垃圾回收利用率", 35, "%")])
        #expect(found("群众满意度达９０％左右") == [Expected("群众满意度", 90, "%", .about)])
        #expect(found("义务教育巩固率达到百分之九十八") == [Expected("义务教育巩固率", 98, "%")])
        #expect(found("服务覆盖率不低于80%") == [Expected("服务覆盖率", 80, "%", .atLeast)])
        #expect(found("病床使用率控制在90%以内") == [Expected("病床使用率", 90, "%")])
    }

    @Test func fullWidthDigitsAndBrackets() {
        #expect(found("新建１２所幼儿园，新增学位３６００个") == [Expected("幼儿园", 12, "所"), Expected("学位", 3600, "个")])
        #expect(found("完成３０户农村危房改造（其中深度贫困户１０户）") == [
            Expected("农村危房改造", 30, "户"), Expected("深度贫困户", 10, "户"),
        ])
        let indicators = IndicatorProposer.indicators(in: "新建１２所幼儿园", source: .completionStandard)
        #expect(indicators.map(\.phrase) == ["１２所幼儿园"])
    }

    // MARK: Phrasings other notices use

    @Test func otherNotices() {
        #expect(found("完成农村公路提级改造120公里") == [Expected("农村公路提级改造", 120, "公里")])
        #expect(found("建设1.2万平方米公共停车场") == [Expected("公共停车场", 1.2, "万平方米")])
        #expect(found("2022年底前完成20个农贸市场升级改造") == [Expected("农贸市场升级改造", 20, "个")])
        #expect(found("累计发放创业担保贷款不少于3亿元") == [Expected("创业担保贷款", 3, "亿元", .atLeast)])
        #expect(found("安装路灯500盏和监控摄像头200台") == [Expected("路灯", 500, "盏"), Expected("监控摄像头", 200, "台")])
        #expect(found("开通公交线路3条及以上") == [Expected("公交线路", 3, "条", .atLeast)])
        #expect(found("建设5G基站100个") == [Expected("5G基站", 100, "个")])
        #expect(found("1.完成10个社区食堂建设；2.新增普惠性托位300个") == [
            Expected("社区食堂", 10, "个"), Expected("普惠性托位", 300, "个"),
        ])
        #expect(found("新建农村饮水工程12处，解决2.3万人饮水安全问题").first == Expected("农村饮水工程", 12, "处"))
        #expect(found("为3000名老年人提供免费体检服务") == [Expected("老年人", 3000, "名")])
        #expect(found("新建幼儿园3所并投入使用") == [Expected("幼儿园", 3, "所")])
        #expect(found("完成１２个社区（村）卫生室建设") == [Expected("社区（村）卫生室", 12, "个")])
        #expect(found("建设5个口袋公园（小游园）") == [Expected("口袋公园", 5, "个")])
        #expect(found("新增公共充电桩200台；完成老旧电梯更新50部和加装电梯30台") == [
            Expected("公共充电桩", 200, "台"), Expected("老旧电梯更新", 50, "部"), Expected("加装电梯", 30, "台"),
        ])
        #expect(found("举办文化惠民演出100场、公益培训班20期") == [Expected("文化惠民演出", 100, "场")])
        #expect(found("新增城市公共停车位5000个以上，改造雨污管网15.5公里") == [
            Expected("城市公共停车位", 5000, "个", .atLeast), Expected("雨污管网", 15.5, "公里"),
        ])
        #expect(found("为辖区内老年人免费接种流感疫苗约2万剂") == [Expected("辖区内老年人免费接种流感疫苗", 20000, "剂", .about)])
        #expect(found("新建标准化菜市场3家及农村集贸市场5个") == [
            Expected("标准化菜市场", 3, "家"), Expected("农村集贸市场", 5, "个"),
        ])
    }

    // MARK: Nothing to propose

    @Test(arguments: [
        "建成并投入使用", "足额筹措和按时拨付资金。", "完成平台建设并投入使用。", "2022年12月底前", "第三季度",
        "确保12月底前完成第二批项目", "建成区绿化覆盖率提高2个百分点", "确保在3个工作日内办结", "改造一批老旧小区",
        "实施统一张贴标识", "推进一户一档管理", "打造一站式服务中心", "实现一次性告知", "建成5个，改造3个",
        "按照2022年3月28日的要求", "（1）", "1、2、3", "",
    ])
    func noIndicator(text: String) {
        #expect(IndicatorProposer.indicators(in: text, source: .completionStandard).isEmpty)
    }

    // MARK: Names

    @Test func namesAreShortTrimmedAndNFC() {
        let long = "完成5个" + String(repeating: "综合", count: 30) + "服务中心"
        let indicators = IndicatorProposer.indicators(in: long + "；新建3所“智慧”幼儿园", source: .content)
        #expect(indicators.count == 2)
        #expect(indicators.allSatisfy { $0.name.count <= 40 })
        #expect(indicators.last?.name == "智慧幼儿园")
        for indicator in indicators {
            #expect(indicator.name == indicator.name.precomposedStringWithCanonicalMapping)
            let ends = [indicator.name.unicodeScalars.first!, indicator.name.unicodeScalars.last!]
            #expect(!ends.contains { CharacterSet.punctuationCharacters.contains($0) }, "\(indicator.name)")
        }
        // A decomposed é stays one NFC scalar.
        #expect(found("新建3所Cafe\u{301}驿站").first?.name == "Caf\u{E9}驿站")
    }

    @Test func codesAsSnakeCase() throws {
        let indicator = ProposedIndicator(name: "健身路径", measure: "套", target: 30, qualifier: .atLeast,
                                          phrase: "30套健身路径", source: .completionStandard)
        let json = String(decoding: try JSONEncoder().encode(indicator), as: UTF8.self)
        #expect(json.contains(#""qualifier":"at_least""#))
        #expect(json.contains(#""source":"completion_standard""#))
        #expect(try JSONDecoder().decode(ProposedIndicator.self, from: Data(json.utf8)) == indicator)
    }

    // MARK: The seed notice

    @Test func theSeedNoticesRows() throws {
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: try Fixture.noticeText))
        let proposals = plan.tasks.map {
            IndicatorProposer.propose(completionStandard: $0.completionStandard, content: $0.content)
        }
        let expected: [[Expected]] = [
            [Expected("小区改造", 50, "个", .atLeast)],
            [Expected("公办中小学校（幼儿园）校门人脸识别安防系统", 411, "所")],
            [Expected("农村饮水巩固提升工程", 35, "个"), Expected("受益人口", 30000, "人", .about)],
            [Expected("保障性租赁住房", 7000, "套"), Expected("保障性租赁住房达到入住条件", 1500, "套")],
            [],
            [],
            [Expected("优抚对象", 8000, "名")],
            [Expected("背街小巷改造", 11, "条")],
            [Expected("游园", 5, "个"), Expected("健身路径", 30, "套"), Expected("篮球场", 10, "个")],
            [Expected("防洪堤封堵工程", 6, "处")],
        ]
        #expect(proposals.count == expected.count)
        for (index, (got, want)) in zip(proposals, expected).enumerated() {
            #expect(got.map(Expected.init) == want, "row \(index + 1)")
        }
        #expect(proposals[2].map(\.source) == [.completionStandard, .content])
        #expect(proposals[6].map(\.source) == [.content])
        #expect(proposals[3].map(\.phrase) == ["保障性租赁住房7000套（间）", "1500套（间）达到入住条件"])
    }
}
