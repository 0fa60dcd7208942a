"""A company-wide pulse (issue 19 §4): anonymous people open an activity's feedback page and
answer, 200 a second with the default 200 responders (each answers once a second, from a new
browser each time). Run by `make loadtest-feedback` (.ci/loadtest with LOADTEST_FEEDBACK=1),
which makes the links, starts gunicorn and afterwards checks the answers stored against the
answers Locust sent: each answer carries a unique text, so every answer the server accepted must
be stored exactly once (an answer still on its way when the run stops may be stored without
Locust seeing the reply), and none twice.
"""

import os
import random
import re
import uuid

from locust import FastHttpUser, constant_pacing, events, task

TOKENS = os.environ.get("LOADTEST_FEEDBACK_TOKENS", "").split()
ANSWERS_FILE = os.environ.get("LOADTEST_FEEDBACK_ANSWERS", "var/loadtest/feedback-answers.txt")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEANINGS = ["yes", "partly", "no"]
sent = []  # (text, accepted) of every answer posted


class Responder(FastHttpUser):
    """One phone after another: opens the page, answers, and is a new browser the next time."""

    wait_time = constant_pacing(1)

    @task
    def answer(self):
        self.client.cookiejar.clear()
        url = f"/f/{random.choice(TOKENS)}/"
        page = self.client.get(url, name="/f/<token>/ GET")
        found = CSRF.search(page.text or "")
        if not found:
            return
        data = {
            "csrfmiddlewaretoken": found.group(1),
            "clarity": str(random.randint(1, 5)),
            "meaning": random.choice(MEANINGS),
            "unclear": f"load-{uuid.uuid4().hex}",
        }
        entry = [data["unclear"], False]
        sent.append(entry)
        with self.client.post(
            url, data=data, name="/f/<token>/ POST", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                entry[1] = True
                response.success()
            else:
                response.failure(f"answer not accepted: {response.status_code}")


@events.quitting.add_listener
def write_answers(environment, **kwargs):
    with open(ANSWERS_FILE, "w") as out:
        out.writelines(f"{text} {int(accepted)}\n" for text, accepted in sent)
