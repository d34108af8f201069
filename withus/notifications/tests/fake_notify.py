"""A fake GOV.UK Notify on 127.0.0.1 for tests: the real client talks to it through `base_url`.

It checks what Notify checks: the Bearer JWT (HS256, signed with the key's secret, `iss` the service id, `iat`
within 30 seconds) and the body (a template id that is a UUID, an address, personalisation as an object). It
answers like Notify (201 with an id), can be told to answer 400 / 403 / 429 / 500 next, and keeps a record of
every message it accepted, so a test can check that nothing was sent twice.
"""

import json
import threading
import time
import uuid
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"withus_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE_ID = "289ce2c2-3ec3-47b0-9a0b-2ff6a3b3a8a3"
ERRORS = {
    400: {"error": "BadRequestError", "message": "Can't send to this recipient using a team-only API key"},
    403: {"error": "AuthError", "message": "Invalid token: API key not found"},
    429: {
        "error": "RateLimitError",
        "message": "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    },
    500: {"error": "Exception", "message": "Internal server error"},
}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        return


class FakeNotify:
    def __init__(self):
        self.accepted: list[dict] = []
        self.refused: list[tuple[int, str]] = []
        self.next_answers: list[int] = []
        # Seconds to wait after accepting a message before answering (a worker can be killed in between).
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server: WSGIServer = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> "FakeNotify":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer_next(self, *statuses: int) -> None:
        """The next requests get these error statuses, in order; after them, normal answers again."""
        with self.lock:
            self.next_answers.extend(statuses)

    def _answer(self, start_response, status: int, body: dict):
        reasons = {200: "OK", 201: "Created", 400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests"}
        start_response(f"{status} {reasons.get(status, 'Error')}", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    def _refuse(self, start_response, status: int, message: str):
        self.refused.append((status, message))
        return self._answer(
            start_response,
            status,
            {"status_code": status, "errors": [{"error": "BadRequestError", "message": message}]},
        )

    def _check_token(self, environ) -> str:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "), SECRET, algorithms=["HS256"], options={"verify_iat": False}
            )
        except jwt.PyJWTError:
            return "Invalid token: signature, api token not found"
        if claims.get("iss") != SERVICE_ID:
            return "Invalid token: service id not found"
        if abs(time.time() - float(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return ""

    def app(self, environ, start_response):  # noqa: PLR0911 - one answer per thing Notify checks
        if problem := self._check_token(environ):
            return self._refuse(start_response, 403, problem)
        with self.lock:
            forced = self.next_answers.pop(0) if self.next_answers else None
        if forced:
            return self._answer(
                start_response, forced, {"status_code": forced, "errors": [ERRORS.get(forced, ERRORS[500])]}
            )
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if method == "GET" and path == "/v2/notifications":
            from urllib.parse import parse_qs

            reference = parse_qs(environ.get("QUERY_STRING", "")).get("reference", [""])[0]
            found = [
                {"id": item["id"], "reference": item["reference"]}
                for item in self.accepted
                if item["reference"] == reference
            ]
            return self._answer(start_response, 200, {"notifications": found, "links": {}})
        if method != "POST" or path not in ("/v2/notifications/email", "/v2/notifications/sms"):
            return self._refuse(start_response, 404, f"No route {method} {path}")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        except ValueError:
            return self._refuse(start_response, 400, "Invalid JSON")
        channel = "email" if path.endswith("email") else "sms"
        address = body.get("email_address" if channel == "email" else "phone_number")
        template_id = body.get("template_id", "")
        try:
            uuid.UUID(str(template_id))
        except ValueError:
            return self._refuse(start_response, 400, "template_id is not a valid UUID")
        if not address:
            return self._refuse(
                start_response,
                400,
                f"{'email_address' if channel == 'email' else 'phone_number'} is a required property",
            )
        if not isinstance(body.get("personalisation", {}), dict):
            return self._refuse(start_response, 400, "personalisation is not of type object")
        notification = {
            "id": str(uuid.uuid4()),
            "reference": body.get("reference"),
            "channel": channel,
            "to": address,
            "template_id": template_id,
            "personalisation": body.get("personalisation", {}),
        }
        with self.lock:
            self.accepted.append(notification)
        if self.delay:
            time.sleep(self.delay)
        return self._answer(
            start_response,
            201,
            {
                "id": notification["id"],
                "reference": notification["reference"],
                "content": {"body": notification["personalisation"].get("body", "")},
                "template": {"id": template_id, "version": 1, "uri": f"{self.base_url}/v2/template/{template_id}"},
                "uri": f"{self.base_url}/v2/notifications/{notification['id']}",
            },
        )
