"""Campaigns (专项治理活动): their documents, scope, phases, leadership group and own taxonomy."""

from app.campaigns.service import (
    active_campaign,
    create_campaign,
    get_campaign,
    list_campaigns,
    update_campaign,
)
from app.campaigns.taxonomy import edit_taxonomy

__all__ = ["active_campaign", "create_campaign", "edit_taxonomy", "get_campaign", "list_campaigns",
           "update_campaign"]
