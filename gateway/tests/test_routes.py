"""In-process gateway tests with a fake RPC client: which operation each endpoint calls, with
which arguments; 401/403 before 422; nothing outside the response schema leaks; a service that
answers outside its contract gives 502, never a 200 or a 422 naming an internal field."""
import secrets
import time

import jwt
import pytest
from markupsafe import escape

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized, Unavailable
from classe12_gateway.access import AccessState
from classe12_gateway.app import create_app
from classe12_gateway.endpoints import ROUTES
from classe12_gateway.settings import load_gateway_settings

SECRET = secrets.token_hex(32)
CONTEXT_KEY = secrets.token_hex(32)
ID = "a" * 24
OTHER = "b" * 24
NOW = "2026-09-01T08:30:00.000+00:00"
SESSION = "s" * 24

MEMBER = {"id": ID, "email": "anne@ac-lille.fr", "display_name": "Anne", "roles": ["teacher"], "school_uai": None,
          "levels": ["CP"], "created_at": NOW}
STATS = {"views": 0, "bookmarks": 0, "ratings": 0, "rating_average": None}
SUMMARY = {"id": OTHER, "title": "Lire", "summary": "Résumé", "kind": "fiche", "levels": ["CP"], "topics": [],
           "tags": [], "competences": [], "duration_minutes": None, "licence": "cc-by-4.0", "layout": None,
           "status": "draft", "version": 1, "author_id": ID, "created_at": NOW, "updated_at": NOW,
           "submitted_at": None, "published_at": None, "published_by": None, "archived_at": None, "stats": STATS}
RESOURCE = {**SUMMARY, "body": "# Corps", "authors": [{"member_id": ID, "name": None}], "source": None,
            "external_url": None, "files": [], "review": None, "mine": None}
FACETS = {"kind": [], "level": [], "topic": [], "licence": [], "duration": [], "zone": []}
COLLECTION = {"id": OTHER, "name": "Période 1", "description": None, "shared": False, "share_token": None,
              "owner_id": ID, "items": [SUMMARY], "created_at": NOW, "updated_at": NOW}
CLASS = {"id": OTHER, "name": "CP A", "level": "CP", "school_year": "2026-2027", "teacher_ids": [ID],
         "pupils_count": 0, "retain_until": NOW, "created_at": NOW, "updated_at": NOW, "pupils": []}
PUPIL = "c" * 24
COUNTS = {"non_atteint": 0, "partiellement_atteint": 1, "atteint": 1, "depasse": 0}
EXERCISE = {"id": "manipuler-syllabes", "label": "Manipuler des syllabes", "domain": "francais", "max_score": 10,
            "thresholds": [5, 8], "source": "demonstration", "source_label": "valeurs de démonstration"}
FRAMEWORK = {"version": 1, "title": "Référentiel", "published_on": "2026-09-01", "source": "Classe à 12",
             "scale": [{"id": "atteint", "label": "Atteint"}],
             "domains": [{"id": "fr.lecture", "label": "Lecture", "competences": [
                 {"id": "fr.lecture.comprendre", "label": "Comprendre", "items": [
                     {"id": "fr.lecture.comprendre.texte", "label": "Comprend un texte", "levels": ["CP"]}]}]}],
             "reperes": {"groups": [{"id": "besoin", "label": "Besoin"}],
                         "sources": [{"id": "demonstration", "label": "valeurs de démonstration", "description": "."}],
                         "periods": [{"id": "debut-cp", "label": "Début de CP", "level": "CP",
                                      "exercises": [EXERCISE]}]}}
PROFILE = {"class_id": OTHER, "period": "debut-cp", "period_label": "Début de CP", "framework_version": 1,
           "pupils_count": 1, "exercises": [{**EXERCISE, "scored": 1, "counts": {"besoin": 0, "fragile": 0,
                                                                                "satisfaisant": 1},
                                             "pupils": [{"pupil_id": PUPIL, "alias": "Inès", "score": 9,
                                                         "group": "satisfaisant"}]}]}
PARENT_LINK = "d" * 24
CHILD_SUMMARY = {"link_id": PARENT_LINK, "class_id": OTHER, "pupil_id": PUPIL, "alias": "Inès", "class_name": "CP A",
                 "level": "CP", "school_year": "2026-2027"}
HOME_OBSERVATION = {"id": ID, "pupil_id": PUPIL, "home_item_id": "maison.lit-petit-livre",
                    "home_item_label": "Lit seul un petit livre", "note": None, "date": "2026-10-05", "parent_id": ID,
                    "at": NOW}
NOTIFICATION = {"id": OTHER, "kind": "welcome", "category": "account", "title": "Bienvenue", "body": "…", "link": None, "created_at": NOW,
                "read_at": None}
FOLLOWS = {"levels": ["CP"], "topics": ["phonologie"], "groups": [OTHER], "resources": [], "members": []}
PREFERENCES = {"categories": [{"category": "resources", "label": "Ressources", "in_app": True, "email": "daily",
                               "push": "off"}], "quiet_hours": {"start": "21:00", "end": "07:00"},
               "timezone": "Europe/Paris"}
PUSH_SUBSCRIPTION = {"endpoint": "https://push.example.org/send/abc", "expirationTime": None,
                     "keys": {"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
                              "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}
DEVICE = {"id": OTHER, "endpoint": "https://push.example.org/send/abc", "created_at": NOW, "last_success_at": None}
FAILURE = {"id": "e|" + ID + "|email", "recipient_id": ID, "kind": "immediate", "category": "account",
           "subject": "Bienvenue", "attempts": 1, "error": "permanent", "failed_at": NOW,
           "log": [{"at": NOW, "outcome": "failed", "code": 550, "detail": "550 Boîte inconnue"}]}

AVATAR = {"kind": "initials", "initials": "A", "background": "#000091", "foreground": "#ffffff", "label": "Avatar de Anne"}
SCHOOL = {"uai": "0591001T", "name": "École des Tilleuls", "kind": "ecole", "commune": "Roubaix", "departement": "59",
          "departement_label": "Nord", "academie": "Lille", "network": "REP+"}
VISIBILITY = {"school": "members", "levels": "members", "interests": "groups", "bio": "nobody"}
MY_PROFILE = {"id": ID, "display_name": "Anne", "roles": ["teacher"], "avatar": AVATAR, "school": SCHOOL,
              "departement": "59", "academie": "Lille", "levels": ["CP"], "interests": [], "bio": "", "visibility": VISIBILITY, "updated_at": NOW}
MEMBER_PROFILE = {"id": OTHER, "display_name": "Bruno", "roles": ["teacher"], "avatar": AVATAR, "school": None,
           "departement": "93", "academie": "Créteil", "levels": None,
           "interests": None, "bio": None, "hidden": ["levels", "interests", "bio"]}
MEMBERSHIP = {"group_id": OTHER, "member_id": ID, "state": "member", "role": "member", "updated_at": NOW}
GROUP = {"id": OTHER, "scope": "national", "name": "Lecture au CP", "description": "…", "access": "open",
         "topics": ["lecture"], "levels": ["CP"], "departement": None, "network": None, "member_count": 1,
         "created_at": NOW, "membership": MEMBERSHIP}
GROUP_MEMBER = {"member_id": ID, "display_name": "Anne", "avatar": AVATAR, "state": "requested", "role": None,
                "message": "Bonjour", "updated_at": NOW}

PERSON = {"id": ID, "display_name": "Anne", "avatar": AVATAR}
THREAD = {"id": OTHER, "group_id": OTHER, "title": "Lire", "tags": ["cp"], "author": PERSON, "state": "visible",
          "moderation_reason": None, "pinned": False, "locked": False, "reply_count": 0, "accepted_post_id": None,
          "following": True, "read": True, "unread_replies": 0, "created_at": NOW, "last_activity_at": NOW}
POST = {"id": OTHER, "thread_id": OTHER, "group_id": OTHER, "opening": True, "author": PERSON, "state": "visible",
        "moderation_reason": None, "body": "**Lire**", "body_html": "<p><strong>Lire</strong></p>\n",
        "attachments": [{"kind": "link", "title": "Site", "url": "https://exemple.fr"}], "mentions": [],
        "quote": None, "reactions": {"merci": 0, "utile": 1, "bravo": 0}, "my_reactions": ["utile"],
        "accepted": False, "created_at": NOW, "edited_at": None, "history": []}
THREAD_PAGE = {"thread": THREAD, "opening": POST, "replies": {"items": [], "next_cursor": None}}
STANDING = {"warnings": [], "suspended_until": None, "banned": False}
CHARTER = {"version": 1, "title": "Charte", "body": "# Charte", "body_html": "<h1>Charte</h1>", "accepted_version": 1,
           "accepted_at": NOW, "standing": STANDING}
# (method, path, role of the token or None, body or query, expected call, its kwargs, reply, status)
CASES = [
    ("GET", f"/groups/{OTHER}/threads?limit=5", "teacher", None, "community.list_threads",
     {"group_id": OTHER, "limit": 5}, {"items": [THREAD], "next_cursor": None}, 200),
    ("POST", f"/groups/{OTHER}/threads", "teacher", {"title": "Lire", "body": "**Lire**", "mentions": [ID]},
     "community.create_thread", {"group_id": OTHER, "title": "Lire", "body": "**Lire**", "mentions": [ID]},
     THREAD_PAGE, 201),
    ("GET", f"/threads/{OTHER}", "teacher", None, "community.get_thread", {"thread_id": OTHER}, THREAD_PAGE, 200),
    ("PATCH", f"/threads/{OTHER}", "teacher", {"pinned": True}, "community.set_thread_state",
     {"thread_id": OTHER, "pinned": True}, THREAD, 200),
    ("POST", f"/threads/{OTHER}/replies", "teacher", {"body": "Oui", "quote_post_id": ID}, "community.post_reply",
     {"thread_id": OTHER, "body": "Oui", "quote_post_id": ID}, POST, 201),
    ("PUT", f"/threads/{OTHER}/accepted-answer", "teacher", {"post_id": ID}, "community.accept_answer",
     {"thread_id": OTHER, "post_id": ID}, THREAD, 200),
    ("PUT", f"/threads/{OTHER}/follow", "teacher", {"follow": False}, "community.follow_thread",
     {"thread_id": OTHER, "follow": False}, THREAD, 200),
    ("GET", "/me/followed-threads?limit=5", "teacher", None, "community.list_followed_threads", {"limit": 5},
     {"items": [{**THREAD, "group_name": "Lecture au CP"}], "next_cursor": None}, 200),
    ("PATCH", f"/posts/{OTHER}", "teacher", {"body": "Non"}, "community.edit_post", {"post_id": OTHER, "body": "Non"},
     POST, 200),
    ("DELETE", f"/posts/{OTHER}", "teacher", None, "community.delete_post", {"post_id": OTHER}, POST, 200),
    ("PUT", f"/posts/{OTHER}/reactions", "teacher", {"reaction": "utile", "active": True}, "community.react_to_post",
     {"post_id": OTHER, "reaction": "utile", "active": True}, POST, 200),
    ("GET", "/charter", None, None, "community.get_charter", {}, dict(CHARTER, accepted_version=None,
                                                                        accepted_at=None, standing=None), 200),
    ("POST", "/me/charter", "teacher", {"version": 1}, "community.accept_charter", {"version": 1}, CHARTER, 200),
    ("POST", "/reports", "teacher", {"kind": "post", "id": OTHER, "reason": "spam"}, "community.report_content",
     {"kind": "post", "id": OTHER, "reason": "spam"},
     {"kind": "post", "id": OTHER, "reason": "spam", "state": "open", "reported_at": NOW}, 201),
    ("GET", f"/moderation/queue?group_id={OTHER}", "teacher", None, "community.list_moderation_queue",
     {"group_id": OTHER},
     {"items": [{"kind": "post", "id": OTHER, "group_id": OTHER, "thread_id": OTHER, "state": "open", "author": PERSON,
                 "content_state": "visible", "excerpt": "Lire", "automatic_reason": None, "report_count": 1,
                 "reports": [{"reason": "spam", "details": None, "at": NOW}], "decision": None, "created_at": NOW,
                 "updated_at": NOW}], "next_cursor": None}, 200),
    ("POST", "/moderation/decisions", "teacher", {"kind": "post", "id": OTHER, "action": "hide", "reason": "Hors sujet"},
     "community.moderate_content", {"kind": "post", "id": OTHER, "action": "hide", "reason": "Hors sujet"},
     {"kind": "post", "id": OTHER, "action": "hide", "reason": "Hors sujet", "content_state": "hidden",
      "decided_at": NOW}, 200),
    ("POST", f"/members/{OTHER}/sanctions", "admin", {"action": "suspend", "days": 3, "reason": "Données d'élèves"},
     "community.sanction_member", {"member_id": OTHER, "action": "suspend", "days": 3, "reason": "Données d'élèves"},
     {"member_id": OTHER, "action": "suspend", "standing": dict(STANDING, suspended_until=NOW)}, 200),
    ("GET", "/me/profile", "teacher", None, "community.get_my_profile", {}, MY_PROFILE, 200),
    ("PATCH", "/me/profile", "teacher", {"bio": "Bonjour", "visibility": {"bio": "nobody"}},
     "community.update_my_profile", {"bio": "Bonjour", "visibility": {"bio": "nobody"}}, MY_PROFILE, 200),
    ("GET", "/members?name=bru&departement=59&limit=5", "teacher", None, "community.search_members",
     {"name": "bru", "departement": "59", "limit": 5}, {"items": [MEMBER_PROFILE], "next_cursor": None}, 200),
    ("GET", f"/members/{OTHER}", "teacher", None, "community.get_profile", {"member_id": OTHER}, MEMBER_PROFILE, 200),
    ("GET", "/schools?network=REP%2B", None, None, "community.search_schools", {"network": "REP+"},
     {"items": [SCHOOL], "next_cursor": None}, 200),
    ("GET", "/schools/0591001T", None, None, "community.get_school", {"uai": "0591001T"}, SCHOOL, 200),
    ("GET", "/groups?scope=local", "teacher", None, "community.list_groups", {"scope": "local"},
     {"items": [GROUP], "next_cursor": None}, 200),
    ("POST", "/groups", "teacher", {"name": "Ateliers", "access": "private"}, "community.create_group",
     {"name": "Ateliers", "access": "private"}, GROUP, 201),
    ("GET", "/me/groups", "teacher", None, "community.list_my_groups", {}, {"items": [GROUP], "next_cursor": None}, 200),
    ("GET", "/me/group-suggestions", "teacher", None, "community.suggest_groups", {}, {"items": [GROUP]}, 200),
    ("GET", f"/groups/{OTHER}", "teacher", None, "community.get_group", {"group_id": OTHER}, GROUP, 200),
    ("POST", f"/groups/{OTHER}/join", "teacher", {"message": "Bonjour"}, "community.join_group",
     {"group_id": OTHER, "message": "Bonjour"}, MEMBERSHIP, 200),
    ("POST", f"/groups/{OTHER}/leave", "teacher", None, "community.leave_group", {"group_id": OTHER},
     {**MEMBERSHIP, "state": "none", "role": None}, 200),
    ("GET", f"/groups/{OTHER}/members?state=requested", "teacher", None, "community.list_group_members",
     {"group_id": OTHER, "state": "requested"}, {"items": [GROUP_MEMBER], "next_cursor": None}, 200),
    ("POST", f"/groups/{OTHER}/requests/{ID}", "teacher", {"accept": True}, "community.decide_membership",
     {"group_id": OTHER, "member_id": ID, "accept": True}, MEMBERSHIP, 200),
    ("POST", f"/groups/{OTHER}/invitations", "teacher", {"member_id": ID}, "community.invite_to_group",
     {"group_id": OTHER, "member_id": ID}, {**MEMBERSHIP, "state": "invited", "role": None}, 200),
    ("PUT", f"/groups/{OTHER}/members/{ID}/role", "teacher", {"role": "moderator"}, "community.set_group_role",
     {"group_id": OTHER, "member_id": ID, "role": "moderator"}, {**MEMBERSHIP, "role": "moderator"}, 200),
    ("POST", "/auth/register", None, {"email": "anne@ac-lille.fr", "password": "un mot de passe long",
                                      "display_name": "Anne", "role": "teacher"},
     "community.register", {"email": "anne@ac-lille.fr", "password": "un mot de passe long",
                            "display_name": "Anne", "role": "teacher"}, {"message": "Merci !"}, 202),
    ("POST", "/auth/logout", "teacher", None, "community.close_session", {"session_id": SESSION}, {"closed": 1}, 200),
    ("POST", "/auth/logout-everywhere", "teacher", None, "community.close_all_sessions", {}, {"closed": 2}, 200),
    ("DELETE", f"/members/{OTHER}/roles/adviser", "admin", None, "community.revoke_role",
     {"member_id": OTHER, "role": "adviser"}, MEMBER, 200),
    ("GET", "/me", "teacher", None, "community.get_member", {"member_id": ID}, MEMBER, 200),
    ("POST", f"/members/{OTHER}/roles", "admin", {"role": "adviser"}, "community.grant_role",
     {"member_id": OTHER, "role": "adviser"}, MEMBER, 200),
    ("POST", "/resources", "teacher", {"title": "Lire", "summary": "R", "body": "B", "kind": "fiche",
                                       "levels": ["CE1", "CP", "CE1"], "topics": [" Lecture "]},
     "resources.create_resource", {"title": "Lire", "summary": "R", "body": "B", "kind": "fiche",
                                   "levels": ["CE1", "CP", "CE1"], "topics": [" Lecture "]}, RESOURCE, 201),
    ("GET", "/resources?limit=5&level=CP&q=lecture", None, None, "resources.search_resources",
     {"limit": 5, "level": "CP", "q": "lecture"},
     {"items": [{**SUMMARY, "score": 1.5}], "next_cursor": None, "total": 1, "facets": FACETS}, 200),
    ("PATCH", f"/resources/{OTHER}", "teacher", {"title": "Lire mieux", "expected_version": 1},
     "resources.update_resource", {"resource_id": OTHER, "title": "Lire mieux", "expected_version": 1}, RESOURCE, 200),
    ("GET", f"/resources/{OTHER}/versions/2", None, None, "resources.get_resource_version",
     {"resource_id": OTHER, "version": 2},
     {"resource_id": OTHER, "version": 2, "title": "Lire", "edited_by": ID, "edited_at": NOW, "change_note": None,
      "summary": "R", "body": "B", "kind": "fiche", "levels": ["CP"], "topics": [], "tags": [], "competences": [],
      "duration_minutes": None, "authors": [], "licence": "cc-by-4.0", "source": None, "external_url": None,
      "layout": None}, 200),
    ("PUT", f"/resources/{OTHER}/rating", "teacher", {"stars": 4}, "resources.rate_resource",
     {"resource_id": OTHER, "stars": 4},
     {"resource_id": OTHER, "member_id": ID, "stars": 4, "review": None, "created_at": NOW, "updated_at": NOW,
      "stats": STATS}, 200),
    ("PUT", f"/resources/{OTHER}/bookmark", "teacher", None, "resources.bookmark_resource", {"resource_id": OTHER},
     {"resource_id": OTHER, "bookmarked": True, "stats": STATS}, 200),
    ("GET", "/review/resources", "adviser", None, "resources.list_review_queue", {},
     {"items": [SUMMARY], "next_cursor": None}, 200),
    ("GET", "/taxonomy", None, None, "resources.get_taxonomy", {},
     {"version": 1, "domains": [{"slug": "francais", "label": "Français", "subdomains": []}]}, 200),
    ("GET", "/resources/suggest?q=lec", None, None, "resources.suggest_resources", {"q": "lec"},
     {"suggestions": [{"text": "Lecture", "type": "topic", "resource_id": None, "topic": "lecture"}]}, 200),
    ("POST", f"/resources/{OTHER}/submit", "teacher", None, "resources.submit_resource", {"resource_id": OTHER},
     RESOURCE, 200),
    ("POST", f"/resources/{OTHER}/request-changes", "adviser", {"comment": "Précisez."}, "resources.request_changes",
     {"resource_id": OTHER, "comment": "Précisez."}, RESOURCE, 200),
    ("POST", f"/resources/{OTHER}/archive", "admin", {"reason": None}, "resources.archive_resource",
     {"resource_id": OTHER, "reason": None}, RESOURCE, 200),
    ("GET", f"/resources/{OTHER}/versions", None, None, "resources.list_resource_versions", {"resource_id": OTHER},
     {"items": [{"version": 1, "title": "Lire", "edited_by": ID, "edited_at": NOW, "change_note": None}]}, 200),
    ("DELETE", f"/resources/{OTHER}/rating", "teacher", None, "resources.remove_rating", {"resource_id": OTHER},
     STATS, 200),
    ("GET", f"/resources/{OTHER}/reviews?limit=3", None, None, "resources.list_ratings",
     {"resource_id": OTHER, "limit": 3},
     {"items": [{"member_id": ID, "stars": 5, "review": "Bien.", "updated_at": NOW}], "next_cursor": None}, 200),
    ("DELETE", f"/resources/{OTHER}/bookmark", "teacher", None, "resources.unbookmark_resource",
     {"resource_id": OTHER}, {"resource_id": OTHER, "bookmarked": False, "stats": STATS}, 200),
    ("GET", "/me/resources?status=draft", "teacher", None, "resources.list_my_resources", {"status": "draft"},
     {"items": [SUMMARY], "next_cursor": None}, 200),
    ("GET", "/me/bookmarks", "teacher", None, "resources.list_bookmarks", {}, {"items": [], "next_cursor": None}, 200),
    ("POST", "/collections", "teacher", {"name": "Période 1"}, "resources.create_collection", {"name": "Période 1"},
     COLLECTION, 201),
    ("GET", "/me/collections", "teacher", None, "resources.list_my_collections", {},
     {"items": [{k: v for k, v in COLLECTION.items() if k not in ("items", "owner_id")} | {"items_count": 1}],
      "next_cursor": None}, 200),
    ("GET", f"/collections/{OTHER}", "teacher", None, "resources.get_collection", {"collection_id": OTHER},
     COLLECTION, 200),
    ("PATCH", f"/collections/{OTHER}", "teacher", {"shared": True}, "resources.update_collection",
     {"collection_id": OTHER, "shared": True}, COLLECTION, 200),
    ("DELETE", f"/collections/{OTHER}", "teacher", None, "resources.delete_collection", {"collection_id": OTHER},
     {"deleted": True}, 200),
    ("POST", f"/collections/{OTHER}/items", "teacher", {"resource_id": ID}, "resources.add_to_collection",
     {"collection_id": OTHER, "resource_id": ID}, COLLECTION, 200),
    ("DELETE", f"/resources/{OTHER}/files/{ID}", "teacher", None, "resources.delete_file",
     {"resource_id": OTHER, "file_id": ID}, RESOURCE, 200),
    ("DELETE", f"/collections/{OTHER}/items/{ID}", "teacher", None, "resources.remove_from_collection",
     {"collection_id": OTHER, "resource_id": ID}, COLLECTION, 200),
    ("GET", "/shared/collections/" + "t" * 32, None, None, "resources.get_shared_collection",
     {"share_token": "t" * 32}, {**COLLECTION, "owner_id": None}, 200),
    ("GET", f"/resources/{OTHER}", None, None, "resources.get_resource", {"resource_id": OTHER}, RESOURCE, 200),
    ("POST", f"/resources/{OTHER}/publish", "adviser", None, "resources.publish_resource", {"resource_id": OTHER},
     RESOURCE, 200),
    ("POST", "/classes", "teacher", {"name": "CP A", "level": "CP", "school_year": "2026-2027"},
     "evaluation.create_class", {"name": "CP A", "level": "CP", "school_year": "2026-2027"}, CLASS, 201),
    ("GET", "/classes?limit=2", "teacher", None, "evaluation.list_classes", {"limit": 2},
     {"items": [{k: v for k, v in CLASS.items() if k != "pupils"}], "next_cursor": None}, 200),
    ("GET", f"/classes/{OTHER}", "teacher", None, "evaluation.get_class", {"class_id": OTHER}, CLASS, 200),
    ("POST", f"/classes/{OTHER}/pupils", "teacher", {"alias": "Inès"}, "evaluation.add_pupil",
     {"class_id": OTHER, "alias": "Inès"}, CLASS, 201),
    ("POST", f"/classes/{OTHER}/invitations", "teacher", None, "evaluation.invite_coteacher", {"class_id": OTHER},
     {"class_id": OTHER, "code": "K7QM-2XRT-9HBW", "expires_at": NOW}, 201),
    ("POST", "/classes/join", "teacher", {"code": "K7QM-2XRT-9HBW"}, "evaluation.join_class",
     {"code": "K7QM-2XRT-9HBW"}, CLASS, 200),
    ("GET", "/framework", None, None, "evaluation.get_framework", {}, FRAMEWORK, 200),
    ("GET", "/framework/1", None, None, "evaluation.get_framework_version", {"version": 1}, FRAMEWORK, 200),
    ("PUT", f"/classes/{OTHER}/grid", "teacher",
     {"date": "2026-10-05", "cells": [{"pupil_id": PUPIL, "item_id": "fr.lecture.comprendre.texte", "level": "atteint"}]},
     "evaluation.position_grid",
     {"class_id": OTHER, "date": "2026-10-05",
      "cells": [{"pupil_id": PUPIL, "item_id": "fr.lecture.comprendre.texte", "level": "atteint"}]},
     {"class_id": OTHER, "date": "2026-10-05", "framework_version": 1, "cells": 1, "written": 1, "unchanged": 0,
      "item_ids": ["fr.lecture.comprendre.texte"]}, 200),
    ("GET", f"/classes/{OTHER}/grid?competence_id=fr.lecture.comprendre", "teacher", None, "evaluation.get_grid",
     {"class_id": OTHER, "competence_id": "fr.lecture.comprendre"},
     {"class_id": OTHER, "competence_id": "fr.lecture.comprendre", "framework_version": 1,
      "item_ids": ["fr.lecture.comprendre.texte"],
      "pupils": [{"pupil_id": PUPIL, "cells": [{"item_id": "fr.lecture.comprendre.texte", "level": "atteint",
                                                "date": "2026-10-05"}]},
                 {"pupil_id": ID, "cells": [{"item_id": "fr.lecture.comprendre.texte", "level": None,
                                             "date": None}]}]}, 200),
    ("GET", f"/classes/{OTHER}/competences?competence_id=fr.lecture.comprendre", "teacher", None,
     "evaluation.get_class_view", {"class_id": OTHER, "competence_id": "fr.lecture.comprendre"},
     {"class_id": OTHER, "framework_version": 1, "pupils_count": 2, "scale": [{"id": "atteint", "label": "Atteint"}],
      "competences": [{"id": "fr.lecture.comprendre", "label": "Comprendre", "domain_id": "fr.lecture",
                       "domain_label": "Lecture", "positioned": 2, "counts": COUNTS,
                       "needs_help": [{"pupil_id": PUPIL, "alias": "Léo", "level": "partiellement_atteint",
                                       "item_ids": ["fr.lecture.comprendre.texte"]}],
                       "items": [{"id": "fr.lecture.comprendre.texte", "label": "Comprend un texte", "levels": ["CP"],
                                  "positioned": 2, "counts": COUNTS}]}]}, 200),
    ("GET", f"/classes/{OTHER}/pupils/{PUPIL}/positionings", "teacher", None, "evaluation.get_pupil_history",
     {"class_id": OTHER, "pupil_id": PUPIL},
     {"class_id": OTHER, "pupil": {"id": PUPIL, "alias": "Léo"}, "framework_version": 1, "positioned_items": 1,
      "latest_counts": COUNTS, "timeline": [{"date": "2026-10-05", "positioned": 1, "counts": COUNTS}],
      "items": [{"item_id": "fr.lecture.comprendre.texte", "label": "Comprend un texte",
                 "competence_id": "fr.lecture.comprendre", "in_current_framework": True,
                 "history": [{"date": "2026-10-05", "level": "atteint", "level_label": "Atteint", "comment": None,
                              "framework_version": 1}],
                 "latest": "atteint", "progress": "premier_positionnement"}]}, 200),
    ("PUT", f"/classes/{OTHER}/reperes/debut-cp", "teacher",
     {"scores": [{"pupil_id": PUPIL, "exercise_id": "manipuler-syllabes", "score": 9}]}, "evaluation.record_reperes",
     {"class_id": OTHER, "period": "debut-cp",
      "scores": [{"pupil_id": PUPIL, "exercise_id": "manipuler-syllabes", "score": 9}]}, PROFILE, 200),
    ("GET", f"/classes/{OTHER}/reperes/debut-cp", "teacher", None, "evaluation.get_reperes",
     {"class_id": OTHER, "period": "debut-cp"}, PROFILE, 200),
    ("POST", f"/classes/{OTHER}/pupils/{PUPIL}/parent-invitations", "teacher", None, "evaluation.invite_parent",
     {"class_id": OTHER, "pupil_id": PUPIL},
     {"class_id": OTHER, "pupil_id": PUPIL, "code": "K7QM-2XRT-9HBW", "expires_at": NOW}, 201),
    ("GET", f"/classes/{OTHER}/pupils/{PUPIL}/parents", "teacher", None, "evaluation.list_parent_links",
     {"class_id": OTHER, "pupil_id": PUPIL},
     {"items": [{"id": PARENT_LINK, "class_id": OTHER, "pupil_id": PUPIL, "parent_id": ID, "linked_at": NOW}]}, 200),
    ("DELETE", f"/classes/{OTHER}/pupils/{PUPIL}/parents/{PARENT_LINK}", "teacher", None, "evaluation.revoke_parent",
     {"class_id": OTHER, "pupil_id": PUPIL, "link_id": PARENT_LINK},
     {"class_id": OTHER, "pupil_id": PUPIL, "revoked": PARENT_LINK}, 200),
    ("POST", "/children/join", "parent", {"code": "K7QM-2XRT-9HBW"}, "evaluation.join_as_parent",
     {"code": "K7QM-2XRT-9HBW"}, CHILD_SUMMARY, 200),
    ("GET", "/children", "parent", None, "evaluation.list_children", {}, {"items": [CHILD_SUMMARY]}, 200),
    ("GET", f"/children/{PARENT_LINK}", "parent", None, "evaluation.get_child", {"link_id": PARENT_LINK},
     {**CHILD_SUMMARY, "progress": [{"item_id": "fr.lecture.comprendre.texte", "label": "Comprend un texte",
                                     "competence_label": "Comprendre", "date": "2026-10-05", "status": "atteint",
                                     "message": "Acquis : bravo !"}],
      "observations": [HOME_OBSERVATION], "home_items": [{"id": "maison.lit-petit-livre",
                                                           "label": "Lit seul un petit livre"}]}, 200),
    ("POST", f"/children/{PARENT_LINK}/observations", "parent",
     {"date": "2026-10-05", "home_item_id": "maison.lit-petit-livre"}, "evaluation.add_observation",
     {"link_id": PARENT_LINK, "date": "2026-10-05", "home_item_id": "maison.lit-petit-livre"}, HOME_OBSERVATION, 201),
    ("GET", f"/classes/{OTHER}/audit?limit=5", "teacher", None, "evaluation.get_audit", {"class_id": OTHER, "limit": 5},
     {"items": [{"id": ID, "actor_id": ID, "action": "get_class", "outcome": "ok", "at": NOW, "request_id": "r",
                 "pupil_id": None, "cells": None}], "next_cursor": None}, 200),
    ("DELETE", f"/classes/{OTHER}/pupils/{PUPIL}", "teacher", None, "evaluation.erase_pupil",
     {"class_id": OTHER, "pupil_id": PUPIL}, {"class_id": OTHER, "pupil_id": PUPIL, "erased": {"pupils": 1}}, 200),
    ("DELETE", f"/classes/{OTHER}", "teacher", None, "evaluation.erase_class", {"class_id": OTHER},
     {"class_id": OTHER, "erased": {"classes": 1}}, 200),
    ("GET", f"/classes/{OTHER}/export", "teacher", None, "evaluation.export_class", {"class_id": OTHER},
     {"class_id": OTHER, "class_name": "CP A", "level": "CP", "school_year": "2026-2027", "exported_at": NOW,
      "rows": 0, "csv": "élève;type\r\n", "reports": []}, 200),
    ("POST", f"/classes/{OTHER}/archive", "teacher", None, "evaluation.archive_class", {"class_id": OTHER},
     {**CLASS, "archived_at": NOW}, 200),
    ("POST", f"/classes/{OTHER}/pupils/copy", "teacher", {"from_class_id": ID}, "evaluation.copy_pupils",
     {"class_id": OTHER, "from_class_id": ID},
     {"class_id": OTHER, "from_class_id": ID, "copied": 2, "skipped": 0, "pupils_count": 2}, 200),
    ("GET", "/notifications?unread_only=true", "teacher", None, "notifications.list_notifications",
     {"unread_only": True}, {"items": [NOTIFICATION], "next_cursor": None, "unread_count": 1}, 200),
    ("POST", f"/notifications/{OTHER}/read", "teacher", None, "notifications.mark_read",
     {"notification_id": OTHER}, NOTIFICATION, 200),
    ("GET", "/notifications/unread-count", "teacher", None, "notifications.unread_count", {}, {"unread_count": 3}, 200),
    ("POST", "/notifications/read-all", "teacher", None, "notifications.mark_all_read", {},
     {"marked": 3, "unread_count": 0}, 200),
    ("DELETE", f"/notifications/{OTHER}", "teacher", None, "notifications.delete_notification",
     {"notification_id": OTHER}, {"deleted": True, "unread_count": 0}, 200),
    ("GET", "/me/follows", "teacher", None, "notifications.get_follows", {}, FOLLOWS, 200),
    ("PUT", "/me/follows", "teacher", {"topics": ["phonologie"], "groups": [OTHER]}, "notifications.set_follows",
     {"topics": ["phonologie"], "groups": [OTHER]}, FOLLOWS, 200),
    ("GET", "/me/preferences", "teacher", None, "notifications.get_preferences", {}, PREFERENCES, 200),
    ("PUT", "/me/preferences", "teacher", {"categories": [{"category": "resources", "email": "daily"}],
                                            "quiet_hours": {"start": "21:00", "end": "07:00"}},
     "notifications.set_preferences", {"categories": [{"category": "resources", "email": "daily"}],
                                       "quiet_hours": {"start": "21:00", "end": "07:00"}}, PREFERENCES, 200),
    ("POST", "/unsubscribe/eyJhIjoxfQ.c2lnbmF0dXJl", None, None, "notifications.unsubscribe",
     {"token": "eyJhIjoxfQ.c2lnbmF0dXJl"}, {"unsubscribed": ["resources"], "message": "C'est fait."}, 200),
    ("GET", "/admin/email-failures?limit=5", "admin", None, "notifications.list_delivery_failures", {"limit": 5},
     {"items": [FAILURE], "next_cursor": None}, 200),
    ("POST", "/me/push-subscriptions", "teacher", PUSH_SUBSCRIPTION, "notifications.add_push_subscription",
     PUSH_SUBSCRIPTION, DEVICE, 201),
    ("GET", "/me/push-subscriptions", "teacher", None, "notifications.list_push_subscriptions", {},
     {"items": [DEVICE]}, 200),
    ("DELETE", f"/me/push-subscriptions/{OTHER}", "teacher", None, "notifications.delete_push_subscription",
     {"subscription_id": OTHER}, {"deleted": True}, 200),
    ("GET", "/push/vapid-public-key", None, None, "notifications.get_vapid_public_key", {},
     {"public_key": "B" + "A" * 86}, 200),
    ("GET", f"/moderation/log?group_id={OTHER}", "teacher", None, "community.list_moderation_log",
     {"group_id": OTHER}, {"items": [{"action": "hide", "kind": "post", "target_id": OTHER, "group_id": OTHER,
                                      "by": PERSON, "reason": "Hors sujet", "days": None, "at": NOW}],
                           "next_cursor": None}, 200),
    # the account lifecycle (docs/decisions.md 32); the endpoints answering 202 or 204: ACCOUNT_CASES
    ("POST", "/auth/email-verification/confirm", None, {"token": "abc.def"}, "community.confirm_email",
     {"token": "abc.def"}, {**MEMBER, "email_verified": True}, 200),
    ("POST", "/auth/password-reset", None, {"email": "anne@ac-lille.fr"}, "community.request_password_reset",
     {"email": "anne@ac-lille.fr"}, {"message": "Si un compte existe…"}, 202),
    ("POST", "/auth/email-change/confirm", None, {"token": "abc.def"}, "community.confirm_email_change",
     {"token": "abc.def"}, {**MEMBER, "email_verified": True}, 200),
]
MAILED = {"mail_id": OTHER, "message": "Un e-mail vient de partir."}
# (method, path, body, expected call, its kwargs, reply, status, what the client gets)
ACCOUNT_CASES = [
    ("POST", "/auth/email-verification", None, "community.request_email_verification", {}, MAILED, 202,
     {"message": MAILED["message"]}),
    ("PUT", "/me/email", {"password": "secret", "email": "anne@ac-nice.fr"}, "community.change_email",
     {"password": "secret", "email": "anne@ac-nice.fr"}, MAILED, 202, {"message": MAILED["message"]}),
    ("POST", "/auth/password-reset/confirm", {"token": "abc.def", "password": "un mot de passe solide"},
     "community.reset_password", {"token": "abc.def", "password": "un mot de passe solide"}, {"closed": 2}, 204, None),
    ("PUT", "/me/password", {"current_password": "secret", "password": "un mot de passe solide"},
     "community.change_password", {"current_password": "secret", "password": "un mot de passe solide",
                                   "session_id": SESSION}, {"closed": 1}, 204, None),
    ("DELETE", "/me", {"password": "secret"}, "community.delete_account", {"password": "secret"},
     {"deleted": True}, 204, None),
]


class FakeRpc:
    """Stands for the RPC client: records calls, answers what the test says."""

    def __init__(self):
        self.calls = []
        self.replies = {}

    def call(self, service, method, arguments=None, *, caller, timeout=None):
        self.calls.append((f"{service}.{method}", dict(arguments or {}), caller))
        reply = self.replies[f"{service}.{method}"]
        if isinstance(reply, Exception):
            raise reply
        return reply


@pytest.fixture
def rpc():
    return FakeRpc()


@pytest.fixture
def client(rpc):
    settings = load_gateway_settings(amqp_uri="amqp://unused/", jwt_secret=SECRET, context_key=CONTEXT_KEY, max_body_bytes=4096)
    app = create_app(settings, configure_logs=False)
    app.extensions["classe12.rpc"] = rpc
    app.extensions["classe12.access"] = AccessState(horizon=900)  # no listener: nothing revoked
    return app.test_client()


def token(role, **claims):
    now = int(time.time())
    return jwt.encode({"iss": "classe12", "sub": ID, "roles": [role], "typ": "access", "iat": now, "exp": now + 60,
                       "sid": SESSION, **claims}, SECRET, algorithm="HS256")


def send(client, method, path, role=None, data=None, **claims):
    headers = {"Authorization": f"Bearer {token(role, **claims)}"} if role else {}
    return client.open("/api/v1" + path, method=method, json=data, headers=headers)


def test_every_forwarding_endpoint_is_exercised_here():
    forwarded = {route.operation for route in ROUTES if route.operation}
    assert forwarded - {"community.authenticate"} == {case[4] for case in CASES} | {c[3] for c in ACCOUNT_CASES}
    assert {route.operation for route in ROUTES} >= {"community.authenticate", None}  # login; refresh, health


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_each_endpoint_calls_its_operation_and_leaks_nothing_else(client, rpc, case):
    method, path, role, data, operation, kwargs, reply, status = case
    leaky = dict(reply, internal_secret="ne doit pas sortir")
    if "items" in leaky:
        leaky["items"] = [dict(item, recipient_id=ID) for item in reply["items"]]
    rpc.replies[operation] = leaky
    response = send(client, method, path, role, data)
    assert response.status_code == status, response.get_data(as_text=True)
    [(called, arguments, caller)] = rpc.calls
    assert (called, arguments) == (operation, kwargs)
    assert caller.actor_id == (ID if role else None) and caller.request_id
    assert response.get_json() == reply  # the extra fields were cut


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_a_reply_missing_a_field_is_a_502_not_a_200(client, rpc, case, caplog):
    method, path, role, data, operation, kwargs, reply, status = case
    first = next(iter(reply))  # every reply's first field is a required one
    rpc.replies[operation] = {k: v for k, v in reply.items() if k != first}
    response = send(client, method, path, role, data)
    assert response.status_code == 502 and response.get_json()["code"] == "contract_violation"
    assert [r.operation for r in caplog.records if r.getMessage() == "contract violation"] == [operation]


def test_authentication_and_roles_come_before_the_body(client, rpc):
    garbage = {"title": 3, "unknown": True}
    assert send(client, "POST", "/resources", None, garbage).status_code == 401
    assert send(client, "POST", f"/resources/{OTHER}/publish", "teacher", garbage).status_code == 403
    assert send(client, "POST", f"/members/{OTHER}/roles", "teacher", garbage).status_code == 403
    assert send(client, "POST", "/classes", "parent", garbage).status_code == 403
    assert send(client, "POST", "/resources", "teacher", garbage).status_code == 422
    assert rpc.calls == []


def test_requests_are_checked_against_the_contract_in_french(client, rpc):
    body = send(client, "POST", "/resources", "teacher", {"title": "ab", "levels": ["CM2"], "kind": "podcast",
                                                           "extra": 1}).get_json()
    assert body["errors"]["title"] == ["Longueur minimale : 3."]
    assert body["errors"]["levels.0"] == ["Valeur non autorisée. Valeurs possibles : CP, CE1, CE2."]
    assert body["errors"]["extra"] == ["Champ inconnu."] and body["errors"]["body"] == ["Ce champ est obligatoire."]
    query = send(client, "GET", "/resources?limit=0&level=CM2&sort=title").get_json()
    assert set(query["errors"]) == {"limit", "level", "sort"}
    missing = send(client, "GET", f"/classes/{OTHER}/grid", "teacher")  # a required query parameter
    assert missing.status_code == 422
    assert missing.get_json()["errors"] == {"competence_id": ["Ce champ est obligatoire."]}
    assert rpc.calls == []


def test_what_the_service_decides_passes_through(client, rpc):
    """The gateway does not second-guess the rules: the service's 4xx reach the client."""
    rpc.replies["evaluation.create_class"] = Invalid(fields={"school_year": ["La seconde année doit suivre la première."]})
    response = send(client, "POST", "/classes", "teacher", {"name": "CP", "level": "CP", "school_year": "2025-2027"})
    assert response.status_code == 422 and "school_year" in response.get_json()["errors"]
    rpc.replies["resources.get_resource"] = NotFound("Cette ressource n'existe pas.")
    assert send(client, "GET", f"/resources/{OTHER}").status_code == 404
    rpc.replies["evaluation.add_pupil"] = Conflict("Un élève porte déjà ce prénom.", {"alias": ["Déjà utilisé."]})
    assert send(client, "POST", f"/classes/{OTHER}/pupils", "teacher", {"alias": "Inès"}).status_code == 409
    # an idempotency key reused for another request (found by the API fuzzing: it was a 502)
    rpc.replies["community.register"] = Invalid(fields={"Idempotency-Key": ["Cette clé a déjà servi."]})
    response = send(client, "POST", "/auth/register", None, {
        "email": "a@ac-test.fr", "password": "Lecture-en-binôme-2026", "display_name": "Anne", "role": "teacher"})
    assert response.status_code == 422 and list(response.get_json()["errors"]) == ["Idempotency-Key"]


def test_a_service_refusing_an_argument_of_its_contract_is_a_502(client, rpc, caplog):
    """A renamed RPC argument: the service calls the contract's argument unknown."""
    rpc.replies["notifications.list_notifications"] = Invalid(fields={"unread_only": ["Champ inconnu."]})
    response = send(client, "GET", "/notifications?unread_only=true", "teacher")
    assert response.status_code == 502 and "unread_only" not in response.get_data(as_text=True)
    rpc.replies["notifications.list_notifications"] = Invalid(fields={"unread": ["Ce champ est obligatoire."]})
    assert send(client, "GET", "/notifications", "teacher").status_code == 502
    violations = [r for r in caplog.records if r.getMessage() == "contract violation"]
    assert [r.operation for r in violations] == ["notifications.list_notifications"] * 2


def test_an_error_code_outside_the_contract_is_a_502(client, rpc):
    rpc.replies["resources.search_resources"] = Conflict("?")  # search_resources can only be invalid
    assert send(client, "GET", "/resources").status_code == 502


SIGNED_IN = {"member": MEMBER, "session": {"id": SESSION, "token_id": "t" * 24, "expires_at": "2099-01-01T00:00:00.000+00:00"}}


def test_login_issues_tokens_for_the_session_the_service_opened(client, rpc):
    rpc.replies["community.authenticate"] = SIGNED_IN
    response = client.post("/api/v1/auth/login", json={"email": "anne@ac-lille.fr", "password": "x"},
                           environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 200 and set(response.get_json()) == {"access_token", "refresh_token",
                                                                        "token_type", "expires_in"}
    [(called, arguments, caller)] = rpc.calls
    assert (called, arguments) == ("community.authenticate", {"email": "anne@ac-lille.fr", "password": "x"})
    assert caller.client_address == "203.0.113.5"  # for sign-in throttling
    access = jwt.decode(response.get_json()["access_token"], SECRET, algorithms=["HS256"])
    refresh = jwt.decode(response.get_json()["refresh_token"], SECRET, algorithms=["HS256"])
    assert access["sid"] == refresh["sid"] == SESSION and refresh["tid"] == "t" * 24

    rpc.calls.clear()
    rpc.replies["community.refresh_session"] = dict(SIGNED_IN, session=dict(SIGNED_IN["session"], token_id="u" * 24))
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": response.get_json()["refresh_token"]})
    assert refreshed.status_code == 200
    assert rpc.calls[0][:2] == ("community.refresh_session", {"session_id": SESSION, "token_id": "t" * 24})
    assert jwt.decode(refreshed.get_json()["refresh_token"], SECRET, algorithms=["HS256"])["tid"] == "u" * 24


def test_revoked_sessions_and_changed_roles_apply_at_once(client, rpc):
    access = client.application.extensions["classe12.access"]
    rpc.replies["resources.publish_resource"] = RESOURCE
    assert send(client, "POST", f"/resources/{OTHER}/publish", "adviser").status_code == 200
    access.roles_changed(ID, ["teacher"], time.time() + 1)  # the adviser role was taken back
    assert send(client, "POST", f"/resources/{OTHER}/publish", "adviser").status_code == 403
    access.session_revoked(ID, SESSION, time.time())
    assert send(client, "GET", "/me", "teacher").status_code == 401


def test_a_role_in_the_path_must_be_a_role(client, rpc):
    assert send(client, "DELETE", f"/members/{OTHER}/roles/superuser", "admin").status_code == 404
    assert rpc.calls == []


def test_a_class_exports_as_csv_and_pdf_downloads(client, rpc):
    rpc.replies["evaluation.export_class"] = {
        "class_id": OTHER, "class_name": "CP A", "level": "CP", "school_year": "2026-2027", "exported_at": NOW,
        "rows": 1, "csv": "élève;type\r\nInès;positionnement\r\n", "reports": []}
    rpc.replies["evaluation.export_reports"] = {"class_id": OTHER, "filename": f"bilans-classe-{OTHER}.pdf",
                                                "content_type": "application/pdf", "pupils": 0,
                                                "pdf_base64": "JVBERi0xLjMK"}
    csv_file = send(client, "GET", f"/classes/{OTHER}/export.csv", "teacher")
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    assert csv_file.get_data().decode("utf-8-sig").startswith("élève;type")
    assert csv_file.headers["Cache-Control"] == "no-store" and "attachment" in csv_file.headers["Content-Disposition"]
    pdf = send(client, "GET", f"/classes/{OTHER}/reports.pdf", "teacher")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF-1.3")
    assert [c[0] for c in rpc.calls] == ["evaluation.export_class", "evaluation.export_reports"]
    assert send(client, "GET", f"/classes/{OTHER}/reports.pdf").status_code == 401
    rpc.replies["evaluation.export_reports"] = NotFound("Cette classe n'existe pas.")
    assert send(client, "GET", f"/classes/{OTHER}/reports.pdf", "parent").status_code == 404


def test_one_click_unsubscribe_takes_the_form_body_of_rfc_8058_without_sign_in(client, rpc):
    rpc.replies["notifications.unsubscribe"] = {"unsubscribed": ["resources"], "message": "C'est fait."}
    response = client.post("/api/v1/unsubscribe/eyJhIjoxfQ.c2lnbmF0dXJl", data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["unsubscribed"] == ["resources"]
    rpc.replies["notifications.unsubscribe"] = Invalid("Ce lien de désinscription n'est pas valide.",
                                                       fields={"token": ["Lien de désinscription invalide."]})
    refused = client.post("/api/v1/unsubscribe/eyJhIjoxfQ.c2lnbmF0dXJl", data="List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert client.post("/api/v1/unsubscribe/pas%20un%20jeton").status_code in (404, 422)


def test_a_click_on_the_unsubscribe_link_opens_a_french_page_whose_button_unsubscribes(client, rpc):
    token = "eyJhIjoxfQ.c2lnbmF0dXJl"
    rpc.replies["notifications.describe_unsubscribe"] = {"scope": "resources", "categories": ["resources"],
                                                         "what": "les courriels « Nouvelles ressources »"}
    page = client.get(f"/api/v1/unsubscribe/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html" and '<html lang="fr">' in html
    assert "les courriels « Nouvelles ressources »" in html  # autoescaped: &laquo; would be wrong too
    assert f'<form method="post" action="/api/v1/unsubscribe/{token}/confirmation">' in html
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    assert rpc.calls[-1][0] == "notifications.describe_unsubscribe"

    rpc.replies["notifications.unsubscribe"] = {"unsubscribed": ["resources"],
                                                "message": "C'est fait : vous ne recevrez plus ces courriels."}
    done = client.post(f"/api/v1/unsubscribe/{token}/confirmation", data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and done.mimetype == "text/html"
    assert str(escape("C'est fait : vous ne recevrez plus ces courriels.")) in done.get_data(as_text=True)
    assert rpc.calls[-1][0] == "notifications.unsubscribe"

    # the JSON one-click POST of RFC 8058 is unchanged; the documentation page keeps no form
    assert client.post(f"/api/v1/unsubscribe/{token}", data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").mimetype == "application/json"
    assert "form-action 'none'" in client.get("/api/v1/docs").headers["Content-Security-Policy"]


@pytest.mark.parametrize("error, status", [
    (Invalid("Ce lien de désinscription a expiré : changez vos préférences depuis votre compte.",
             fields={"token": ["Lien de désinscription expiré."]}), 422),
    (Unavailable(), 503)])
def test_a_tampered_or_expired_link_or_a_service_away_gets_a_french_page_never_a_500(client, rpc, error, status):
    rpc.replies["notifications.describe_unsubscribe"] = error
    rpc.replies["notifications.unsubscribe"] = error
    for response in (client.get("/api/v1/unsubscribe/eyJhIjoxfQ.c2lnbmF0dXJl"),
                     client.post("/api/v1/unsubscribe/eyJhIjoxfQ.c2lnbmF0dXJl/confirmation")):
        assert response.status_code == status and response.mimetype == "text/html"
        assert str(escape(error.message)) in response.get_data(as_text=True)
        assert 'role="alert"' in response.get_data(as_text=True)
        assert (response.headers.get("Retry-After") is not None) == (status == 503)


def test_an_empty_change_of_follows_or_preferences_is_refused_before_any_call(client, rpc):
    for path in ("/me/follows", "/me/preferences"):
        response = send(client, "PUT", path, "teacher")  # no body at all
        assert response.status_code == 422, response.get_data(as_text=True)
        assert send(client, "PUT", path, "teacher", {}).status_code == 422
    assert not rpc.calls


def test_a_suspended_member_is_told_until_when_in_the_problem(client, rpc):
    rpc.replies["community.post_reply"] = Forbidden("Votre compte est suspendu jusqu'au 04/09/2026 à 08:00 (UTC).",
                                                    details={"suspended_until": NOW})
    response = send(client, "POST", f"/threads/{OTHER}/replies", "teacher", {"body": "Bonjour"})
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert response.get_json()["suspended_until"] == NOW and "04/09/2026" in response.get_json()["detail"]


def test_the_web_client_keeps_its_refresh_token_in_a_strict_http_only_cookie(client, rpc):
    """Decision 35: with X-Classe12-Session: cookie, the refresh token is never in a body."""
    web = {"X-Classe12-Session": "cookie"}
    rpc.replies["community.authenticate"] = SIGNED_IN
    response = client.post("/api/v1/auth/login", json={"email": "anne@ac-lille.fr", "password": "x"}, headers=web)
    assert response.status_code == 200 and "refresh_token" not in response.get_json()
    [cookie] = response.headers.getlist("Set-Cookie")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith("classe12_refresh=") and {"httponly", "secure", "path", "max-age"} <= attributes
    assert "SameSite=Strict" in cookie and "Path=/api/v1/auth" in cookie
    issued = cookie.split(";")[0].split("=", 1)[1]
    assert jwt.decode(issued, SECRET, algorithms=["HS256"])["tid"] == "t" * 24

    # the cookie alone is not enough (a form of another site cannot add the header)
    client.set_cookie("classe12_refresh", issued, path="/api/v1/auth")
    rpc.calls.clear()
    assert client.post("/api/v1/auth/refresh", json={}).status_code == 401 and rpc.calls == []
    rpc.replies["community.refresh_session"] = dict(SIGNED_IN, session=dict(SIGNED_IN["session"], token_id="u" * 24))
    refreshed = client.post("/api/v1/auth/refresh", json={}, headers=web)
    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.get_json()
    assert rpc.calls[0][:2] == ("community.refresh_session", {"session_id": SESSION, "token_id": "t" * 24})
    assert "classe12_refresh=" in refreshed.headers["Set-Cookie"]

    # a refused refresh (a replayed token: the session is revoked) clears the cookie
    rpc.replies["community.refresh_session"] = Unauthorized("Votre session a expiré. Reconnectez-vous.")
    refused = client.post("/api/v1/auth/refresh", json={}, headers=web)
    assert refused.status_code == 401 and "Max-Age=0" in refused.headers["Set-Cookie"]


def test_signing_out_clears_the_session_cookie(client, rpc):
    rpc.replies["community.close_session"] = {"closed": 1}
    client.set_cookie("classe12_refresh", "x", path="/api/v1/auth")
    response = client.post("/api/v1/auth/logout", headers={
        "Authorization": f"Bearer {token('teacher')}", "X-Classe12-Session": "cookie"})
    assert response.status_code in (200, 204) and "classe12_refresh=;" in response.headers["Set-Cookie"]
    assert "Max-Age=0" in response.headers["Set-Cookie"]
@pytest.mark.parametrize("case", ACCOUNT_CASES, ids=[f"{c[0]} {c[1]}" for c in ACCOUNT_CASES])
def test_account_endpoints_call_their_operation_and_answer_without_ids(client, rpc, case):
    method, path, data, operation, kwargs, reply, status, answer = case
    rpc.replies[operation] = reply
    response = send(client, method, path, "teacher", data, ev=False)  # an unverified member may do all this
    assert response.status_code == status, response.get_data(as_text=True)
    assert rpc.calls[0][:2] == (operation, kwargs)
    assert (response.get_json() if status != 204 else response.get_data()) == (answer if status != 204 else b"")


def test_an_unverified_member_reads_but_does_not_publish(client, rpc):
    rpc.replies["community.get_thread"] = THREAD_PAGE
    assert send(client, "GET", f"/threads/{OTHER}", "teacher", ev=False).status_code == 200
    for method, path, body in [("POST", f"/groups/{OTHER}/threads", {"title": "Lire", "body": "Oui"}),
                               ("POST", f"/threads/{OTHER}/replies", {"body": "Oui"}),
                               ("POST", "/resources", {"title": "Lire"}),
                               ("PUT", f"/resources/{OTHER}/rating", {"stars": 5})]:
        response = send(client, method, path, "teacher", body, ev=False)
        assert response.status_code == 403, (path, response.get_data(as_text=True))
        assert response.get_json()["code"] == "email_unverified"
        assert response.get_json()["detail"] == "Confirmez d'abord votre adresse e-mail."
    assert len(rpc.calls) == 1
    rpc.replies["community.post_reply"] = POST
    assert send(client, "POST", f"/threads/{OTHER}/replies", "teacher", {"body": "Oui"}, ev=True).status_code == 201


def test_tokens_say_whether_the_address_is_confirmed_and_refresh_updates_it(client, rpc):
    rpc.replies["community.authenticate"] = dict(SIGNED_IN, member={**MEMBER, "email_verified": False})
    tokens = client.post("/api/v1/auth/login", json={"email": "anne@ac-lille.fr", "password": "x"}).get_json()
    assert jwt.decode(tokens["access_token"], SECRET, algorithms=["HS256"])["ev"] is False
    rpc.replies["community.refresh_session"] = dict(SIGNED_IN, member={**MEMBER, "email_verified": True})
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).get_json()
    assert jwt.decode(refreshed["access_token"], SECRET, algorithms=["HS256"])["ev"] is True


EXPORTS = {service: {"service": service, "format_version": 1, "exported_at": NOW, "data": {}}
           for service in ("community", "resources", "evaluation", "notifications")}
EXPORTS["community"]["data"] = {"account": {"email": "anne@ac-lille.fr"}, "sessions": [], "memberships": [],
                                "threads": [], "posts": [], "reactions": [], "follows": [], "reads": [], "reports": []}
EXPORTS["resources"]["data"] = {section: [] for section in ("resources", "editor_actions", "versions_edited", "ratings",
                                                           "bookmarks", "collections")}
EXPORTS["evaluation"]["data"] = {section: [] for section in ("classes", "children", "observations", "audit")}
EXPORTS["notifications"]["data"] = {"profile": None, "follows": FOLLOWS, "follow_history": [], "preferences": PREFERENCES,
                                    "notifications": [], "emails": [], "digest_items": [], "push_devices": []}


def test_the_export_gathers_every_exporting_service_as_an_attachment(client, rpc):
    from classe12_gateway.api.account import exporting_services
    services = exporting_services()
    assert sorted(services) == ["community", "evaluation", "notifications", "resources"]
    for service in services:
        rpc.replies[f"{service}.export_member_data"] = EXPORTS[service]
    response = send(client, "GET", "/me/export", "teacher")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    body = response.get_json()
    assert body["member_id"] == ID and body["services"] == {s: EXPORTS[s] for s in services}
    assert {(call[0], call[2].actor_id) for call in rpc.calls} == {(f"{s}.export_member_data", ID) for s in services}


def test_the_export_is_never_partial(client, rpc):
    from classe12_contracts.errors import Unavailable
    rpc.replies["community.export_member_data"] = Unavailable()
    response = send(client, "GET", "/me/export", "teacher")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert send(client, "GET", "/me/export").status_code == 401


def test_a_member_s_avatar_is_an_svg_of_their_initials_escaped(client, rpc):
    rpc.replies["community.get_profile"] = dict(MEMBER_PROFILE, avatar=dict(
        AVATAR, initials="A<", label="Avatar de Anne <script>"))
    response = send(client, "GET", f"/members/{OTHER}/avatar.svg", "teacher")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<script>" not in svg and "A&lt;</text>" in svg and 'fill="#000091"' in svg
    assert rpc.calls[0][:2] == ("community.get_profile", {"member_id": OTHER})
    assert send(client, "GET", f"/members/{OTHER}/avatar.svg").status_code == 401
    rpc.replies["community.get_profile"] = NotFound("Ce membre n'existe pas.")
    assert send(client, "GET", f"/members/{OTHER}/avatar.svg", "teacher").status_code == 404
