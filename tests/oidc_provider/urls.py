from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

FORM = """<!doctype html><html lang="en"><head><title>Test provider</title></head><body>
<h1>Test provider</h1><form method="post"><input type="hidden" name="next" value="{next}">
<label>Username <input name="username"></label><label>Password
<input name="password" type="password"></label><button>Continue</button></form></body></html>"""


@csrf_exempt
def sign_in(request):
    """The provider's own sign-in page; the tests post to it from a browser or plain HTTP."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST.get("username"), password=request.POST.get("password")
        )
        if user is not None and url_has_allowed_host_and_scheme(next_url, None):
            login(request, user)
            return HttpResponseRedirect(next_url)
    status = 200 if request.method == "GET" else 401
    return HttpResponse(FORM.format(next=escape(next_url)), status=status)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", sign_in, name="login"),
]
