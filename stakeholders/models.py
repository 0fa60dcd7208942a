"""Who the plan communicates with."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commplan.models.catalogue import PlanChildQuerySet
from commplan.validators import one_line

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
HIGH_SCORE = 3  # scores above this count as high when placing a stakeholder on the grid


class Approach(models.TextChoices):
    """How to engage a stakeholder, from importance (power) × involvement (interest)."""

    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")

    @classmethod
    def for_scores(cls, importance, involvement):
        """The quadrant of the importance × involvement grid that the two scores fall in."""
        high_importance = importance > HIGH_SCORE
        high_involvement = involvement > HIGH_SCORE
        if high_importance and high_involvement:
            return cls.MANAGE_CLOSELY
        if high_importance:
            return cls.KEEP_SATISFIED
        if high_involvement:
            return cls.KEEP_INFORMED
        return cls.MONITOR


class Category(models.TextChoices):
    """The typical S&OP stakeholder groups."""

    EXECUTIVE = "executive", _("Executive team")
    SALES = "sales", _("Sales")
    MARKETING = "marketing", _("Marketing")
    DEMAND_PLANNING = "demand_planning", _("Demand planning")
    OPERATIONS = "operations", _("Supply / operations")
    PROCUREMENT = "procurement", _("Procurement")
    LOGISTICS = "logistics", _("Logistics")
    FINANCE = "finance", _("Finance")
    PRODUCT_DEVELOPMENT = "product_development", _("Product development")
    IT = "it", _("IT")
    KEY_CUSTOMERS = "key_customers", _("Key customers")
    KEY_SUPPLIERS = "key_suppliers", _("Key suppliers")
    OTHER = "other", _("Other")


class Stakeholder(models.Model):
    """A target group the plan communicates with, internal or external."""

    plan = models.ForeignKey(
        "commplan.CommunicationPlan",
        on_delete=models.CASCADE,
        related_name="stakeholders",
        verbose_name=_("plan"),
    )
    name = models.CharField(
        _("stakeholder (target group)"),
        max_length=200,
        validators=[one_line],
        help_text=_("Whom do we want to communicate with?"),
    )
    is_internal = models.BooleanField(
        _("internal"), default=True, help_text=_("Untick for customers, suppliers and others.")
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"),
        default=3,
        validators=SCORE_VALIDATORS,
        help_text=_("1 (low) to 5 (high): how much this group can affect the S&OP implementation."),
    )
    involvement = models.PositiveSmallIntegerField(
        _("involvement"),
        default=3,
        validators=SCORE_VALIDATORS,
        help_text=_("1 (low) to 5 (high): how much this group takes part in the S&OP process."),
    )
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[one_line]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    preferred_channel = models.ForeignKey(
        "commplan.Channel",
        on_delete=models.SET_NULL,
        related_name="preferred_by",
        null=True,
        blank=True,
        verbose_name=_("preferred channel"),
        help_text=_("How this group is usually reached: used for the activities drafted for it."),
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="default_for_stakeholders",
        null=True,
        blank=True,
        verbose_name=_("default owner"),
        help_text=_(
            "Who usually communicates with this group: owns the activities drafted for it."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="%(app_label)s_%(class)s_importance_range",
            ),
            models.CheckConstraint(
                condition=models.Q(involvement__gte=1, involvement__lte=5),
                name="%(app_label)s_%(class)s_involvement_range",
            ),
            models.UniqueConstraint(
                fields=["plan", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            # Target of the composite key that keeps a row's stakeholder inside the row's plan.
            models.UniqueConstraint(fields=["plan", "id"], name="%(app_label)s_%(class)s_plan_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "stakeholders:stakeholder_update", kwargs={"plan_pk": self.plan_id, "pk": self.pk}
        )

    def clean(self):
        errors = {}
        if self.preferred_channel_id and self.preferred_channel.plan_id != self.plan_id:
            errors["preferred_channel"] = _("Choose one that belongs to this plan.")
        if self.default_owner_id:
            from commplan.models import OWNING_ROLES, Membership

            if not Membership.objects.filter(
                plan_id=self.plan_id, user_id=self.default_owner_id, role__in=OWNING_ROLES
            ).exists():
                errors["default_owner"] = _(
                    "Choose a plan manager or a communication owner of this plan."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def approach(self):
        return Approach.for_scores(self.importance, self.involvement)

    def get_approach_display(self):
        return self.approach.label
