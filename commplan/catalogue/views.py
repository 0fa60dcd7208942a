from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, UpdateView

from ..access import (
    ManagerRequiredMixin,
    PlanChildDeleteView,
    PlanChildMixin,
)
from ..locking import VersionedUpdateMixin
from ..models import Channel, Message
from .forms import ChannelForm, MessageForm


class ChannelMixin(PlanChildMixin):
    model: Any = Channel
    active_tab = "channels"
    create_title = _("New channel")
    update_title = _("Edit channel")
    form_class: Any = ChannelForm
    list_url_name = "commplan:channel_list"


class ChannelListView(ChannelMixin, ListView):
    template_name = "commplan/catalogue/channel_list.html"

    def get_queryset(self):
        return super().get_queryset().with_row_counts()


class ChannelCreateView(ManagerRequiredMixin, ChannelMixin, CreateView):
    template_name = "commplan/catalogue/channel_form.html"


class ChannelUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, ChannelMixin, UpdateView):
    template_name = "commplan/catalogue/channel_form.html"


class ChannelDeleteView(ChannelMixin, PlanChildDeleteView):
    detach_field = "channel"


class MessageMixin(PlanChildMixin):
    model: Any = Message
    active_tab = "messages"
    create_title = _("New message")
    update_title = _("Edit message")
    form_class: Any = MessageForm
    list_url_name = "commplan:message_list"


class MessageListView(MessageMixin, ListView):
    template_name = "commplan/catalogue/message_list.html"

    def get_queryset(self):
        return super().get_queryset().with_row_counts()


class MessageCreateView(ManagerRequiredMixin, MessageMixin, CreateView):
    template_name = "commplan/catalogue/message_form.html"


class MessageUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, MessageMixin, UpdateView):
    template_name = "commplan/catalogue/message_form.html"


class MessageDeleteView(MessageMixin, PlanChildDeleteView):
    pass
