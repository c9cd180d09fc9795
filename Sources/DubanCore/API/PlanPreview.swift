/// What an import of a notice would load, shown before anything is written (`import-plan --dry-run`,
/// `duban admin plan import --dry-run`): the plan's facts and where each came from, every task with its
/// units resolved against the roster, the proposed indicators, and the warnings.
public struct PlanPreview: Codable, Sendable, Equatable {
    public var title: String
    public var issuer: String?
    public var documentNumber: String?
    public var issuedOn: LocalDate?
    public var year: Int
    public var timeZone: String
    public var responsibleLeadDays: Int
    /// The notice's phrase for the lead time; nil when assumed (0) or supplied on the command line.
    public var responsibleLeadDaysSource: String?
    public var nodes: [Node]
    public var planDates: [PlanDateLine]
    public var tasks: [Task]
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
        public var ordinal: Int
        public var nodeDate: LocalDate
        public var leadDueDate: LocalDate
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
        public var date: LocalDate
        public var what: String
        public var source: String
        public init(date: LocalDate, what: String, source: String) {
            self.date = date
            self.what = what
            self.source = source
        }
    }

    /// One task.
    public struct Task: Codable, Sendable, Equatable {
        public var number: Int
        public var label: String?
        public var group: String?
        public var title: String
        public var deadline: String?
        public var notApplicable: String?
        public var lead: [UnitMatch]
        public var responsible: [UnitMatch]
        public var subItems: [String]
        /// `name target measure` of each indicator the import proposes.
        public var proposedIndicators: [ProposedTarget]
        public var people: [String: String]?
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
        public var name: String
        public var measure: String
        public var target: Double
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
        public var code: String
        public var location: String?
        public var message: LocalizedText
        public init(code: String, location: String?, message: LocalizedText) {
            self.code = code
            self.location = location
            self.message = message
        }
    }

    /// A name no unit matched.
    public struct Unresolved: Codable, Sendable, Equatable {
        public var name: String
        public var tasks: [Int]
        public var nearest: [String]
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
