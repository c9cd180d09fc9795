/// The words the indicator scan knows. Kept general: the language of completion standards, not of one notice.
enum IndicatorVocabulary {
    /// Measure words, matched longest first. 万元 and 万平方米 are measures; in 3万户 the 万 multiplies.
    static let measures: [String] = [
        "万平方米", "平方公里", "平方米", "立方米", "万千瓦", "千瓦", "兆瓦", "人次", "户次", "公里", "千米",
        "万元", "亿元", "万亩", "㎡", "米", "亩", "吨", "元",
        "个", "套", "处", "所", "家", "户", "人", "名", "座", "条", "项", "场", "块", "台", "辆", "张", "间",
        "栋", "盏", "次", "批", "件", "位", "床", "棵", "株", "口", "支", "门", "本", "册", "份", "部", "剂", "%", "‰",
    ]

    /// After a measure, these make the number part of another word: 一次性, 一站式, 一体化.
    static let wordContinuations: Set<Unicode.Scalar> = ["性", "式", "化"]

    /// After `个`, these make a span of time or a gap, not a count: 3个月, 5个工作日, 2个百分点.
    static let afterGe: [String] = ["百分点", "月", "工作日", "小时", "季度", "星期", "周", "年", "多月", "半月"]

    /// Before a Chinese numeral, these make it part of a word: 统一, 进一步, 唯一, 第三, 之一.
    static let numeralWordHeads: Set<Unicode.Scalar> = ["第", "统", "进", "唯", "逐", "之", "单", "同", "专", "划",
                                                         "整", "初", "周", "期", "万", "千", "百", "星"]

    /// Between two numbers, these make a range: 3-5个, 3至5个.
    static let rangeMarks: [String] = ["-", "~", "—", "–", "至", "到"]

    /// Written between the number and the measure (30余个, 300多人), or after the measure.
    static let atLeastAfterNumber: [String] = ["余", "多"]
    static let atLeastAfterMeasure: [String] = ["及以上", "以上"]
    static let aboutAfterMeasure: [String] = ["左右", "上下"]
    /// An upper bound (控制在90%以内) has no qualifier of its own; the words are the quantity's, not a name.
    static let atMostAfterMeasure: [String] = ["及以下", "以下", "以内", "之内"]

    /// Written before the number, anywhere in its clause: 至少完成50个.
    static let atLeastBefore: [String] = ["至少", "不少于", "不低于", "超过", "多于", "大于", "高于", "逾"]
    /// Written just before the number: 约3万人.
    static let aboutBefore: [String] = ["大约", "约为", "约", "将近", "接近", "近"]

    /// End a clause: neither a name nor a qualifier reaches across them.
    static let clauseMarks: Set<Unicode.Scalar> = [",", ";", "。", ".", "!", "?", ":", "\n", "(", ")", "[", "]",
                                                    "【", "】", "、"]
    /// Quotation marks, dropped from names: 新建3所“智慧”幼儿园 names 智慧幼儿园.
    static let quotes: Set<Unicode.Scalar> = ["“", "”", "\"", "‘", "’", "「", "」", "『", "』"]

    /// Quotes and brackets trimmed from a name's ends.
    static let nameTrim: Set<Unicode.Scalar> = ["“", "”", "\"", "'", "‘", "’", "《", "》", "「", "」", "『", "』",
                                                 "(", ")", "、", ",", ".", "。", ";", ":", "-", "—", "·", "…"]

    /// Generic verbs and fillers that lead a noun phrase and are not part of its name: 完成城区…, 新建…,
    /// 其中…. Domain verbs (培训, 筛查) are not here: with nothing after them they are the name.
    static let leadingWords: [String] = [
        "其中", "累计", "共计", "合计", "总计", "共", "全年", "年内", "力争", "确保", "争取", "计划", "预计", "再",
        "完成", "新建", "建设", "建成", "改造", "改建", "扩建", "新改建", "新增", "增加", "打造", "推进", "筹建",
        "筹集", "新开工", "开工", "提升", "实施", "启动", "开展", "组织", "举办", "实现", "达到", "落实", "建立",
        "设立", "配备", "安装", "发放", "投入", "开通", "免费", "解决", "提供", "惠及", "为", "对", "在", "给", "向", "和", "及", "与", "以及", "并", "等",
    ] + atLeastBefore + aboutBefore

    /// Link words that end the words before a number: 覆盖率达到95%, 受益人口约3万人, 学位新增2000个.
    static let trailingWords: [String] = [
        "达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增至", "增长到", "保持在",
        "稳定在", "控制在", "为", "是", "累计", "共计", "共", "总数", "新增", "增加", "完成", "建设", "建成",
        "的",
    ] + atLeastBefore + aboutBefore

    /// Words a name after the measure ends before: 8000名优抚对象免费乘坐…, 6处防洪堤封堵工程及泵站….
    static let nameStops: [String] = [
        "及", "以及", "和", "与", "并", "等", "其余", "其中", "安装", "提供", "免费", "乘坐", "享受", "进行",
        "开展", "接受", "获得", "纳入", "发放", "参加", "办理", "领取", "受益", "用于", "惠及", "实现", "达到",
        "进入", "完成",
    ]

    /// Words after a measure that say what happens to the counted thing, not what it is: 1500套达到入住条件.
    static let predicates: [String] = [
        "达到", "实现", "完成", "建成", "投入", "进入", "通过", "纳入", "获得", "开工", "竣工", "交付", "具备",
        "入住", "使用",
    ]

    /// Ends of a name after the measure that the frame, not the thing, supplies: 10个篮球场建设.
    static let trailingNameWords: [String] = ["的建设", "建设任务", "建设", "任务"]
}
