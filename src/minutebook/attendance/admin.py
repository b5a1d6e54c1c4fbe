"""Back office for attendance: the council's rules and the record of each meeting."""

from __future__ import annotations

from django.contrib import admin

from minutebook.attendance.models import Attendance, AttendanceRules, QuorumCheck
from minutebook.councils.admin import OfficerModelAdmin


@admin.register(AttendanceRules)
class AttendanceRulesAdmin(OfficerModelAdmin):
    list_display = [
        "council",
        "substitutes_allowed",
        "substitute_same_group",
        "substitute_notice_minutes",
        "remote_attendance_counts",
    ]


@admin.register(Attendance)
class AttendanceAdmin(OfficerModelAdmin):
    """Read-only: attendance is recorded through the register, which applies the rules."""

    list_display = ["person", "meeting", "capacity", "status", "mode", "has_vote"]
    list_filter = ["status", "mode", "capacity"]
    list_select_related = ["person", "meeting", "meeting__committee"]
    search_fields = ["person__last_name", "person__first_name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(QuorumCheck)
class QuorumCheckAdmin(OfficerModelAdmin):
    list_display = ["meeting", "present", "required", "remote", "checked_at"]
    list_select_related = ["meeting", "meeting__committee"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
