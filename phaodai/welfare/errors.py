"""Error codes of the welfare services (``ValidationError(code=…)``)."""

from django.db import models


class WelfareErrorCode(models.TextChoices):
    VULNERABILITY_REQUIRED = "welfare.vulnerability_required", "welfare.vulnerability_required"
    VULNERABILITY_UNKNOWN = "welfare.vulnerability_unknown", "welfare.vulnerability_unknown"
    ALREADY_MARKED = "welfare.already_marked", "welfare.already_marked"
    HOUSEHOLD_OUTSIDE = "welfare.household_outside", "welfare.household_outside"
    PACKAGE_NAME_REQUIRED = "welfare.package_name_required", "welfare.package_name_required"
    PACKAGE_UNIT = "welfare.package_unit", "welfare.package_unit"
    QUANTITY_POSITIVE = "welfare.quantity_positive", "welfare.quantity_positive"
    DATE_FUTURE = "welfare.date_future", "welfare.date_future"
    DONOR_REQUIRED = "welfare.donor_required", "welfare.donor_required"
    DELIVERED_BY_REQUIRED = "welfare.delivered_by_required", "welfare.delivered_by_required"
    OTHER_COMMUNE = "welfare.other_commune", "welfare.other_commune"
    STOCK_SHORT = "welfare.stock_short", "welfare.stock_short"
