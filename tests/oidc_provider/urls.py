from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def sign_in(request):
    """The provider's own sign-in; the tests post to it with plain HTTP requests."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST.get("username"), password=request.POST.get("password")
        )
        if user is not None and url_has_allowed_host_and_scheme(next_url, None):
            login(request, user)
            return HttpResponseRedirect(next_url)
    return HttpResponse("Sign in at the test provider", status=401)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", sign_in, name="login"),
]
