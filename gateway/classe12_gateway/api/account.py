"""My account's lifecycle: confirm my address, reset or change my password, change my address,
delete my account, export my data (community; the export gathers every service's)."""
from datetime import datetime, timezone

from flask import Blueprint, g

from ..contracts import loaded
from ..endpoints import Reply, endpoint, forward, rpc
from ..own_schemas import ref

bp = Blueprint("account", __name__, url_prefix="/api/v1")

NO_CONTENT = Reply("", 204)
EXPORT = "export_member_data"


def _accepted(result: dict) -> Reply:
    return Reply({"message": result["message"]}, 202)


forward(bp, "POST", "/auth/email-verification", "community.request_email_verification", status=202,
        summary="Recevoir à nouveau le lien qui confirme mon adresse e-mail", present=_accepted,
        response=ref("Accepted"))
forward(bp, "POST", "/auth/email-verification/confirm", "community.confirm_email",
        summary="Confirmer mon adresse e-mail (le jeton du lien reçu) ; renouvelez ensuite vos jetons pour publier")
forward(bp, "POST", "/auth/password-reset", "community.request_password_reset", status=202,
        summary="Recevoir un lien pour choisir un nouveau mot de passe",
        description="La même réponse, que l'adresse ait un compte ou non.")
forward(bp, "POST", "/auth/password-reset/confirm", "community.reset_password", status=204,
        summary="Choisir un nouveau mot de passe (le jeton du lien reçu) ; toutes mes sessions sont fermées",
        present=lambda result: NO_CONTENT)
forward(bp, "PUT", "/me/email", "community.change_email", status=202, present=_accepted, response=ref("Accepted"),
        summary="Changer d'adresse e-mail (mot de passe requis) : un lien de confirmation part à la nouvelle adresse")
forward(bp, "POST", "/auth/email-change/confirm", "community.confirm_email_change",
        summary="Confirmer ma nouvelle adresse e-mail (le jeton du lien reçu) ; l'ancienne en est avertie")
forward(bp, "PUT", "/me/password", "community.change_password", status=204, from_token={"session_id": "sid"},
        summary="Changer de mot de passe (l'actuel requis) ; mes autres sessions sont fermées",
        present=lambda result: NO_CONTENT)
forward(bp, "DELETE", "/me", "community.delete_account", status=204, json_body=True,
        summary="Supprimer mon compte (mot de passe requis) : chaque service efface ou anonymise mes données",
        present=lambda result: NO_CONTENT)


def exporting_services() -> list[str]:
    """The services whose contract has the export operation (all four once each declares it)."""
    return [name for name, contract in loaded().services.items() if EXPORT in contract.operations]


@endpoint(bp, "GET", "/me/export", summary="Exporter toutes mes données (JSON, service par service)",
          response=ref("MemberExport"), errors=(401, 404, 502),
          description="Chaque service répond pour le membre connecté seulement ; si l'un ne répond pas, 503 "
                      "(jamais d'export partiel).")
def export_my_data(caller, data):
    g.caller = caller
    services = {service: rpc(service, EXPORT) for service in exporting_services()}
    now = datetime.now(timezone.utc)
    payload = {"member_id": caller.actor_id, "exported_at": now.isoformat(timespec="seconds"), "services": services}
    filename = f"classe12-mes-donnees-{now.date().isoformat()}.json"
    return Reply(payload, 200, {"Content-Disposition": f'attachment; filename="{filename}"'})
