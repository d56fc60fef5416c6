"""`manage.py import_article FILE`: a file written by `export_article` (or by hand in its format)
becomes an article's working copy. It never publishes: the import is saved like an edit in the
admin, with a snapshot, and goes through medical review as usual."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import article_file, exchange
from articles.management.commands.export_article import FORMAT, HelpWithLayout


class Command(BaseCommand):
    help = (
        "Crée un article (adresse inconnue) ou remplace la version de travail de l’article à cette\n"
        "adresse (sections et sources reconnues par leur clé) à partir d’un fichier écrit par export_article.\n"
        "Ne publie jamais : l’article passe ensuite en relecture, comme après un enregistrement\n"
        "dans l’administration. Fichier mal formé, « À lire aussi » vers un article inconnu,\n"
        "adresse d’auteur ou de thématique inconnue sur le site : rien n’est écrit.\n\n" + FORMAT
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        return super().create_parser(prog_name, subcommand, formatter_class=HelpWithLayout, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FICHIER")
        parser.add_argument(
            "--user",
            metavar="IDENTIFIANT",
            help="le compte qui signe l’enregistrement (journal, règle des quatre yeux) ; sans lui, aucun",
        )

    def handle(self, *args, file: str, user: str | None, **options) -> None:
        author = self._user(user)
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {file}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} n’est pas un fichier texte en UTF-8.") from None
        try:
            imported = exchange.import_file(article_file.read(text), author)
        except (article_file.ArticleFileError, exchange.ExchangeError) as refusal:
            raise CommandError(f"{file} : {refusal}") from refusal
        self.stdout.write(summary(imported))

    def _user(self, username: str | None):
        if username is None:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Aucun compte « {username} ».") from None


def summary(imported: exchange.Imported) -> str:
    article = imported.article
    if imported.revision is None:
        return (
            f"« {article.title} » ({article.slug}) : le fichier est déjà la version de travail, rien n’est enregistré."
        )
    sections = article.sections.count()
    done = "créé" if imported.created else "version de travail remplacée"
    line = (
        f"« {article.title} » ({article.slug}) : {done}, {sections} section(s), version n° "
        f"{imported.revision.number} enregistrée ({article.get_state_display().lower()}) ; "
        "rien n’est publié avant relecture."
    )
    if imported.new_keys:
        line += (
            f" {imported.new_keys} section(s) portaient la clé d’une section d’un autre article : "
            "elles en ont reçu une nouvelle."
        )
    if imported.new_source_keys:
        line += (
            f" {imported.new_source_keys} source(s) portaient la clé d’une source d’un autre article : "
            "elles en ont reçu une nouvelle."
        )
    return line
