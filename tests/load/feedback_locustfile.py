"""A company-wide pulse (issue 19 §4): anonymous people open an activity's feedback page and
answer, 200 a second with the default 200 responders (each answers once a second, from a new
browser each time). Run by `make loadtest-feedback` (.ci/loadtest with LOADTEST_FEEDBACK=1),
which makes the links, starts gunicorn and afterwards counts the answers stored against the
answers Locust saw accepted: every one stored, and once.
"""

import os
import random
import re

from locust import FastHttpUser, constant_pacing, events, task

TOKENS = os.environ.get("LOADTEST_FEEDBACK_TOKENS", "").split()
ACCEPTED_FILE = os.environ.get("LOADTEST_FEEDBACK_ACCEPTED", "var/loadtest/feedback-accepted.txt")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEANINGS = ["yes", "partly", "no"]
accepted = 0


class Responder(FastHttpUser):
    """One phone after another: opens the page, answers, and is a new browser the next time."""

    wait_time = constant_pacing(1)

    @task
    def answer(self):
        global accepted
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
            "unclear": random.choice(["", "", "", "Hvad betyder det for lageret?"]),
        }
        with self.client.post(
            url, data=data, name="/f/<token>/ POST", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                accepted += 1
                response.success()
            else:
                response.failure(f"answer not accepted: {response.status_code}")


@events.quitting.add_listener
def write_accepted(environment, **kwargs):
    with open(ACCEPTED_FILE, "w") as out:
        out.write(f"{accepted}\n")
