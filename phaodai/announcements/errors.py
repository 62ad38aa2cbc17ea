"""Error codes of the announcements services (``ValidationError(code=…)``)."""

from django.db import models


class AnnouncementErrorCode(models.TextChoices):
    TITLE_REQUIRED = "announcements.title_required", "announcements.title_required"
    BODY_REQUIRED = "announcements.body_required", "announcements.body_required"
    CHANNEL_REQUIRED = "announcements.channel_required", "announcements.channel_required"
    TARGETS_REQUIRED = "announcements.targets_required", "announcements.targets_required"
    TARGET_OUTSIDE = "announcements.target_outside", "announcements.target_outside"
    NOT_EDITABLE = "announcements.not_editable", "announcements.not_editable"
    NOT_SUBMITTED = "announcements.not_submitted", "announcements.not_submitted"
    OWN_APPROVAL = "announcements.own_approval", "announcements.own_approval"
    NOT_APPROVED = "announcements.not_approved", "announcements.not_approved"
    NOT_PUBLISHED = "announcements.not_published", "announcements.not_published"
    MEASURES_DATE_INVALID = "announcements.measures_date_invalid", "announcements.measures_date_invalid"
    HOTLINE_INVALID = "announcements.hotline_invalid", "announcements.hotline_invalid"
    PLACE_NAME_REQUIRED = "announcements.place_name_required", "announcements.place_name_required"
    SITUATION_UNIT = "announcements.situation_unit", "announcements.situation_unit"
