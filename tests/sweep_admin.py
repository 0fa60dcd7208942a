"""The admin's addresses for the URL sweep (tests/test_url_sweep.py), and the records they need.

The admin belongs to the site administrator (DESIGN.md §3: "manages users and settings in the
Django admin"), a superuser who is on no plan and is no persona of the matrix. Everyone else,
signed in or not, is sent to sign in, by the admin's own redirect through /admin/login/ to our
one sign-in page, which tells a signed-in person that their account cannot open the page; what
they post changes nothing. The site administrator opens every admin page (GET only: their
writes in the admin are Django's own).
"""

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from commplan.models import CommunicationPlan, Reminder, ReminderKind, Review

from .matrix import PASSWORD, Address, admin_login, build_world, to

SITE_ADMIN = "siteadmin"


def in_admin(url, site_admin):
    """An admin address: the site administrator's GET answers `site_admin`; everyone else's
    GET and POST are sent to sign in."""
    return Address(url, get={SITE_ADMIN: site_admin, "*": admin_login}, post=admin_login)


def admin_address(name, *args, query=""):
    """The admin's address `name`; args are functions of the world."""
    return lambda w: reverse(f"admin:{name}", args=[arg(w) for arg in args]) + query


# Models whose records are only ever written by the application, never added by hand.
ADDED_BY_THE_APP = {"baseline", "reminder", "accessattempt", "accesslog", "accessfailurelog"}


def model_pages(model, model_admin):
    """The admin's pages of one registered model, by the admin's own URL names."""
    info = f"{model._meta.app_label}_{model._meta.model_name}"

    def pk(w):
        return w.admin_objects[model].pk

    def change(w):
        return reverse(f"admin:{info}_change", args=[pk(w)])

    pages = {
        f"admin:{info}_changelist": in_admin(admin_address(f"{info}_changelist"), 200),
        f"admin:{info}_add": in_admin(
            admin_address(f"{info}_add"), 403 if model._meta.model_name in ADDED_BY_THE_APP else 200
        ),
        f"admin:{info}_change": in_admin(change, 200),
        f"admin:{info}_delete": in_admin(admin_address(f"{info}_delete", pk), 200),
        f"admin:{info}_history": in_admin(admin_address(f"{info}_history", pk), 200),
        # The admin's old address of a record leads to its change page.
        f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/": in_admin(
            lambda w: change(w).removesuffix("change/"), to(change)
        ),
    }
    if isinstance(model_admin, SimpleHistoryAdmin):
        record = lambda w: w.admin_objects[model].history.earliest().history_id  # noqa: E731
        pages[f"admin:{info}_simple_history"] = in_admin(
            admin_address(f"{info}_simple_history", pk, record), 200
        )
    if isinstance(model_admin, UserAdmin):
        pages[f"admin:{info}_password_change"] = in_admin(
            admin_address(f"{info}_password_change", pk), 200
        )
    return pages


def plan_on_site(w):
    return ContentType.objects.get_for_model(CommunicationPlan).pk


ADMIN_PAGES = {
    "admin:index": in_admin(admin_address("index"), 200),
    "admin:app_list": in_admin(lambda w: reverse("admin:app_list", args=["commplan"]), 200),
    "admin:password_change": in_admin(admin_address("password_change"), 200),
    "admin:password_change_done": in_admin(admin_address("password_change_done"), 200),
    "admin:jsi18n": in_admin(admin_address("jsi18n"), 200),
    "admin:autocomplete": in_admin(
        admin_address(
            "autocomplete", query="?app_label=commplan&model_name=membership&field_name=user"
        ),
        200,
    ),
    "admin:view_on_site": in_admin(
        admin_address("view_on_site", plan_on_site, lambda w: w.plan.pk),
        to(lambda w: f"http://testserver{w.plan.get_absolute_url()}"),
    ),
    # Signing out is a POST; a person who may not use the admin is sent to its index first.
    "admin:logout": Address(
        admin_address("logout"),
        get={SITE_ADMIN: 405, "*": to("admin:index")},
        post=to("admin:index"),
    ),
    # Unknown admin addresses answer 404 only to the site administrator: nobody else learns
    # which addresses exist.
    "admin/(?P<url>.*)$": in_admin(lambda w: "/admin/no-such-page/", 404),
}
for _model, _model_admin in admin.site._registry.items():
    ADMIN_PAGES.update(model_pages(_model, _model_admin))


def build_admin_world():
    """The matrix's plan and people (tests/matrix.py), a site administrator, and a record of
    every model registered in the admin."""
    world, clients = build_world()
    world.siteadmin = get_user_model().objects.create_superuser(
        "siteadmin", "siteadmin@example.com", PASSWORD
    )
    clients[SITE_ADMIN] = Client()
    clients[SITE_ADMIN].force_login(world.siteadmin)
    Group.objects.create(name="Plan managers")
    Review.objects.create(
        row=world.row, reviewed_by=world.owner, happened="done", goal_reached="yes"
    )
    Reminder.objects.create(
        recipient=world.owner, kind=ReminderKind.DIGEST, due_on=world.plan.start_date
    )
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", failures_since_start=1)
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1")
    world.admin_objects = {}
    for model in admin.site._registry:
        world.admin_objects[model] = model._default_manager.order_by("pk").first()
        assert world.admin_objects[model] is not None, f"the sweep needs a {model.__name__}"
    return world, clients
