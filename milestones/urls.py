from django.urls import path

from . import views

app_name = "milestones"

urlpatterns = [
    path("", views.MilestoneListView.as_view(), name="milestone_list"),
    path("new/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("<int:pk>/edit/", views.MilestoneUpdateView.as_view(), name="milestone_update"),
    path("<int:pk>/delete/", views.MilestoneDeleteView.as_view(), name="milestone_delete"),
]
