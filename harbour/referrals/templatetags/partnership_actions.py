"""The partnership page's links to its edit, meetings and agreement pages, in a tag so that
the page's view (views_staff.partnership) needs no change to offer them."""

from django import template

register = template.Library()


@register.inclusion_tag("referrals/partnership_actions.html", takes_context=True)
def partnership_actions(context, partnership):
    """Render the links `context["user"]` may follow from `partnership`'s page."""
    from harbour.referrals.views_partnership import partnership_actions as actions

    return actions(context["user"], partnership)
