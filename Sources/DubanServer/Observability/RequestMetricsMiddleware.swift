import Hummingbird
import Logging

/// Counts every request in ``ServerMetrics`` under its route pattern, method and status, with its
/// duration, and logs a request that ended in a 5xx at error level (request id, route, status,
/// duration), so that a failure is one line to search for. Sits inside ``RequestIDMiddleware`` (its
/// log lines carry the id) and outside `ErrorMiddleware` (it sees the final status).
///
/// Ours rather than Hummingbird's `MetricsMiddleware`, which cannot give the metrics the deployment
/// contract names: it makes its metrics with `MetricsSystem.factory`, bootstrapped once per process
/// (each application here has its own registry), under its own names (`hb_requests`,
/// `http_server_request_duration`) and labels (`http_route`, `http_request_method`,
/// `http_response_status_code`), with `NotFound` for no route and any method as sent (unbounded);
/// it times no request that ended in a thrown error (a 401 or an unmatched 404 would be counted but
/// missing from the histogram); and it writes no log line for a 5xx.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            finish(request, context: context, status: response.status, start: start)
            return response
        } catch let error as any HTTPResponseError {
            finish(request, context: context, status: error.status, start: start)
            throw error
        } catch {
            finish(request, context: context, status: .internalServerError, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, context: Context, status: HTTPResponse.Status, start: ContinuousClock.Instant) {
        let duration = start.duration(to: .now)
        let route = Self.route(of: context)
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status.code, duration: duration)
        if status.code >= 500 {
            context.logger.error("request failed", metadata: [
                "route": .string(route ?? ServerMetrics.unmatchedRoute),
                "method": .string(request.method.rawValue),
                "status": .stringConvertible(status.code),
                "duration_ms": .stringConvertible(Int((duration.fractionalSeconds * 1000).rounded())),
            ])
        }
    }

    /// The registered pattern the router matched (`/v1/tasks/{number}`), nil when none matched.
    static func route(of context: Context) -> String? {
        guard let path = context.endpointPath, path != "NotFound" else { return nil }
        return path
    }
}
