"""A small OpenAI-compatible chat completions server (aiohttp, on a free port of 127.0.0.1)
for the content assistant's HTTP adapter.

It answers ``POST /v1/chat/completions`` as such services do: the task arrives as the JSON
user message, the answer is a JSON object in ``choices[0].message.content``. The questions
and summaries themselves come from the rule-based assistant, so both adapters can be held
to one contract. ``mode`` makes it misbehave the ways real endpoints do.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from aiohttp import web

from adapters.content.rule_assistant import RuleBasedAssistant
from tests.support.live_server import free_port

Mode = Literal["ok", "error", "overloaded", "not_json", "wrong_shape", "slow", "unauthorised"]


@dataclass
class FakeChatCompletions:
    api_key: str = "sk-test-key"
    mode: Mode = "ok"
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _rules: RuleBasedAssistant = field(default_factory=RuleBasedAssistant)

    async def handle(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.requests.append({"headers": dict(request.headers), "body": payload})
        if request.headers.get("Authorization") != f"Bearer {self.api_key}" \
                or self.mode == "unauthorised":
            return web.json_response({"error": {"message": "Incorrect API key provided",
                                                "type": "invalid_request_error"}}, status=401)
        if self.mode == "error":
            return web.json_response({"error": {"message": "The model crashed"}}, status=500)
        if self.mode == "overloaded":
            return web.json_response({"error": {"message": "Rate limit reached"}}, status=429)
        if self.mode == "slow":
            await asyncio.sleep(30)
        task = json.loads(payload["messages"][-1]["content"])
        if task["task"] == "suggest_questions":
            drafts = await self._rules.suggest_questions(task["title"], task["text"],
                                                         count=task["count"])
            answer: Any = {"questions": [{"title": d.title, **d.body} for d in drafts]}
        else:
            note = await self._rules.summarise(task["title"], task["transcript"])
            answer = asdict(note)
        if self.mode == "wrong_shape":
            answer = {"items": answer}
        content = "Sure! Here you go:" if self.mode == "not_json" else json.dumps(answer)
        return web.json_response({
            "id": "chatcmpl-1", "object": "chat.completion", "model": payload["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}]})


@asynccontextmanager
async def fake_chat_completions() -> AsyncIterator[FakeChatCompletions]:
    fake = FakeChatCompletions()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()
