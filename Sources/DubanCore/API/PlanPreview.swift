/// What an import of a notice would load, shown before anything is written (`import-plan --dry-run`,
/// `duban admin plan import --dry-run`): the plan's facts and where each came from, every task with its
/// units resolved against the roster, the proposed indicators, and the warnings.
public struct PlanPreview: Codable, Sendable, Equatable {
    /// The plan's title as the notice (or `--title`) gives it.
    public var title: String
    /// The issuing office(s), when known.
    public var issuer: String?
    /// The document number (文号), when the notice states one.
    public var documentNumber: String?
    /// The date of issue, when the notice states one.
    public var issuedOn: LocalDate?
    /// The plan year.
    public var year: Int
    /// The IANA time zone whose end of day closes each due date.
    public var timeZone: String
    /// Days before each node the responsible units report to their lead.
    public var responsibleLeadDays: Int
    /// The notice's phrase for the lead time; nil when assumed (0) or supplied on the command line.
    public var responsibleLeadDaysSource: String?
    /// The reporting nodes, in order.
    public var nodes: [Node]
    /// One-off deadlines that are not reporting nodes.
    public var planDates: [PlanDateLine]
    /// Every task, in the notice's order.
    public var tasks: [Task]
    /// What the parser wants the admin to check.
    public var warnings: [Warning]
    /// True when units were resolved against a roster (a database's or a file's); false when none was at hand.
    public var rosterChecked: Bool
    /// Names no unit matched, once each, with the tasks that use them.
    public var unresolved: [Unresolved]
    /// For a re-import: what would change in the stored plan, as the import finds it (filled by the
    /// server; empty when nothing would; nil when no plan of this year and title is stored, or when
    /// unresolved names keep the import from running).
    public var changes: [PlanChange]?

    /// A reporting node.
    public struct Node: Codable, Sendable, Equatable {
        /// Its position, from 1.
        public var ordinal: Int
        /// The node: when the lead unit reports to the office.
        public var nodeDate: LocalDate
        /// When the lead unit is due.
        public var leadDueDate: LocalDate
        /// When the responsible units are due.
        public var responsibleDueDate: LocalDate
        /// The notice's phrase it came from; nil when supplied on the command line.
        public var source: String?
        public init(ordinal: Int, nodeDate: LocalDate, leadDueDate: LocalDate, responsibleDueDate: LocalDate, source: String?) {
            self.ordinal = ordinal
            self.nodeDate = nodeDate
            self.leadDueDate = leadDueDate
            self.responsibleDueDate = responsibleDueDate
            self.source = source
        }
    }

    /// A one-off deadline that is not a node.
    public struct PlanDateLine: Codable, Sendable, Equatable {
        /// The deadline.
        public var date: LocalDate
        /// What is due then (实施方案, 总结…).
        public var what: String
        /// The phrase of the notice it came from.
        public var source: String
        public init(date: LocalDate, what: String, source: String) {
            self.date = date
            self.what = what
            self.source = source
        }
    }

    /// One task.
    public struct Task: Codable, Sendable, Equatable {
        /// Its number in the plan.
        public var number: Int
        /// The numbering as the notice writes it, when that is not the number.
        public var label: String?
        /// The chapter it stands under.
        public var group: String?
        /// Its title.
        public var title: String
        /// Its deadline as written.
        public var deadline: String?
        /// Why it does not involve the district; nil when it does.
        public var notApplicable: String?
        /// The lead units as written, each with how it resolved.
        public var lead: [UnitMatch]
        /// The responsible units as written, each with how it resolved.
        public var responsible: [UnitMatch]
        /// The labels of its sub-items (5.1, 5.2).
        public var subItems: [String]
        /// `name target measure` of each indicator the import proposes.
        public var proposedIndicators: [ProposedTarget]
        /// Columns naming people (责任领导, 责任人), kept as written, by heading.
        public var people: [String: String]?
        /// Columns read as no role (quotas per township…), kept as written, by heading.
        public var otherColumns: [String: String]?
        public init(number: Int, label: String?, group: String?, title: String, deadline: String?, notApplicable: String?,
                    lead: [UnitMatch], responsible: [UnitMatch], subItems: [String], proposedIndicators: [ProposedTarget],
                    people: [String: String]?, otherColumns: [String: String]?) {
            self.number = number
            self.label = label
            self.group = group
            self.title = title
            self.deadline = deadline
            self.notApplicable = notApplicable
            self.lead = lead
            self.responsible = responsible
            self.subItems = subItems
            self.proposedIndicators = proposedIndicators
            self.people = people
            self.otherColumns = otherColumns
        }
    }

    /// An indicator the import would propose.
    public struct ProposedTarget: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Its unit of measure (个, 套, 条).
        public var measure: String
        /// The target.
        public var target: Double
        /// The phrase of the completion standard it was read from.
        public var phrase: String
        public init(name: String, measure: String, target: Double, phrase: String) {
            self.name = name
            self.measure = measure
            self.target = target
            self.phrase = phrase
        }
    }

    /// A warning for the admin.
    public struct Warning: Codable, Sendable, Equatable {
        /// A stable code (`notice.<reason>`).
        public var code: String
        /// Where in the notice, when it applies to one place.
        public var location: String?
        /// What to check, in both languages.
        public var message: LocalizedText
        public init(code: String, location: String?, message: LocalizedText) {
            self.code = code
            self.location = location
            self.message = message
        }
    }

    /// A name no unit matched.
    public struct Unresolved: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The tasks that name it.
        public var tasks: [Int]
        /// Up to three roster names closest to it.
        public var nearest: [String]
        /// A group term (各相关单位) that must be mapped, never guessed.
        public var vague: Bool
        public init(name: String, tasks: [Int], nearest: [String], vague: Bool) {
            self.name = name
            self.tasks = tasks
            self.nearest = nearest
            self.vague = vague
        }
    }

    /// Makes a preview from its fields.
    public init(title: String, issuer: String?, documentNumber: String?, issuedOn: LocalDate?, year: Int, timeZone: String,
                responsibleLeadDays: Int, responsibleLeadDaysSource: String?, nodes: [Node], planDates: [PlanDateLine],
                tasks: [Task], warnings: [Warning], rosterChecked: Bool, unresolved: [Unresolved], changes: [PlanChange]? = nil) {
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.issuedOn = issuedOn
        self.year = year
        self.timeZone = timeZone
        self.responsibleLeadDays = responsibleLeadDays
        self.responsibleLeadDaysSource = responsibleLeadDaysSource
        self.nodes = nodes
        self.planDates = planDates
        self.tasks = tasks
        self.warnings = warnings
        self.rosterChecked = rosterChecked
        self.unresolved = unresolved
        self.changes = changes
    }
}
