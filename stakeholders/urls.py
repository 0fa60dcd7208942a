from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.StakeholderListView.as_view(), name="stakeholder_list"),
    path("new/", views.StakeholderCreateView.as_view(), name="stakeholder_create"),
    path("<int:pk>/edit/", views.StakeholderUpdateView.as_view(), name="stakeholder_update"),
    path("<int:pk>/delete/", views.StakeholderDeleteView.as_view(), name="stakeholder_delete"),
]
