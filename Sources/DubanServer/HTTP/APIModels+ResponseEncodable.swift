import DubanCore
import Hummingbird

// The wire types of DubanCore are answered as JSON with the context's encoder (WireJSON).
extension SignInResponse: ResponseEncodable {}
extension MeResponse: ResponseEncodable {}
extension UnitInfo: ResponseEncodable {}
extension UnitList: ResponseEncodable {}
extension PlanImportResult: ResponseEncodable {}
extension UnitImportResult: ResponseEncodable {}
extension CarryOverResult: ResponseEncodable {}
extension AccountInfo: ResponseEncodable {}
extension AccountList: ResponseEncodable {}
extension AccountWithPassword: ResponseEncodable {}
extension RevokedSessions: ResponseEncodable {}
extension AuditList: ResponseEncodable {}
extension AuditVerification: ResponseEncodable {}
extension AuditChainPage: ResponseEncodable {}
extension AuditCheckpointList: ResponseEncodable {}
extension AssignmentList: ResponseEncodable {}
extension SyncResponse: ResponseEncodable {}
extension SupervisionOverview: ResponseEncodable {}
extension SupervisionLists: ResponseEncodable {}
extension UrgeRecord: ResponseEncodable {}
extension SupervisionOrderRecord: ResponseEncodable {}
extension ExtensionRecord: ResponseEncodable {}
extension CircularRecord: ResponseEncodable {}
extension CircularList: ResponseEncodable {}
extension InspectionRecord: ResponseEncodable {}
extension SyncWaitResponse: ResponseEncodable {}
