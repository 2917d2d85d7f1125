"""Draft translations of the public site's strings added for issue 8 (en -> es, ar).

Drafts by the development team, awaiting a qualified translator (the catalogues say so).
Arabic and Spanish address the woman in the feminine. `python tools/public_translations.py`
fills these strings in every catalogue where they are empty or fuzzy, clears the fuzzy flag,
and leaves every other entry alone.
"""

import re
import sys
from pathlib import Path

ES = {
    "Every page has a Quick exit button at the top. It takes you to a weather site straight away. You can also press the Shift key three times. With a keyboard, press Tab once: the first link is the exit.":
        "Cada página tiene un botón de Salida rápida arriba. Te lleva enseguida a una página del tiempo. También puedes pulsar la tecla Mayúsculas tres veces. Con teclado, pulsa Tab una vez: el primer enlace es la salida.",
    "When JavaScript is on, as it is in most browsers, the pages of this site do not stay in the tab's history: after Quick exit, pressing Back does not bring them back.":
        "Cuando JavaScript está activado, como en la mayoría de los navegadores, las páginas de este sitio no quedan en el historial de la pestaña: después de la Salida rápida, el botón Atrás no las vuelve a mostrar.",
    "If JavaScript is off, or a page had not finished loading, Back can still show pages of this site after you leave, and a page where you sent a form may offer to send it again. To clear them, close the tab or the whole browser window, then delete this site from the browser history.":
        "Si JavaScript está desactivado, o una página no había terminado de cargar, el botón Atrás todavía puede mostrar páginas de este sitio después de salir, y una página donde enviaste un formulario puede ofrecer enviarlo otra vez. Para borrarlas, cierra la pestaña o toda la ventana del navegador y después borra este sitio del historial.",
    "Today %(hours)s.": "Hoy %(hours)s.",
    "Amharic": "amárico", "Kurdish": "kurdo", "Lingala": "lingala", "Oromo": "oromo", "Dari": "darí",
    "Pashto": "pastún", "Somali": "somalí", "Tigrinya": "tigriña", "Yoruba": "yoruba",
    "Please fill this in.": "Rellena este campo, por favor.",
    "Please keep this under %(limit_value)d characters (it has %(show_value)d). What you typed is still here.":
        "Escribe como máximo %(limit_value)d caracteres (ahora hay %(show_value)d). Lo que escribiste sigue aquí.",
    "Choose one of the options listed.": "Elige una de las opciones de la lista.",
    "Check what you typed here.": "Revisa lo que escribiste aquí.",
    "There are fewer results than before, so this is the last page.":
        "Ahora hay menos resultados que antes, así que esta es la última página.",
    "Organisations it was already shared with keep their own copy.":
        "Las organizaciones con las que ya se compartió conservan su propia copia.",
    "Your request, its notes and its consents are deleted from Harbour, and your status code no longer works.":
        "Tu solicitud, sus notas y tus consentimientos se han borrado de Harbour, y tu código de seguimiento ya no funciona.",
    "Before you deleted it, it was shared with the organisations below. They keep their own copy of what was shared: deleting it here does not delete theirs. You can ask each of them to delete it.":
        "Antes de que la borraras, se compartió con las organizaciones de abajo. Ellas conservan su propia copia de lo que se compartió: borrarla aquí no borra la suya. Puedes pedir a cada una que la borre.",
    "It had not been shared with any other organisation.": "No se había compartido con ninguna otra organización.",
    "Not translated into your language yet: shown as the service wrote it.":
        "Aún no está traducido a tu idioma: se muestra como lo escribió el servicio.",
}

AR = {
    "Every page has a Quick exit button at the top. It takes you to a weather site straight away. You can also press the Shift key three times. With a keyboard, press Tab once: the first link is the exit.":
        "في أعلى كل صفحة زر «خروج سريع». ينقلك فورًا إلى موقع للطقس. يمكنك أيضًا الضغط على مفتاح Shift ثلاث مرات. باستخدام لوحة المفاتيح، اضغطي Tab مرة واحدة: أول رابط هو الخروج.",
    "When JavaScript is on, as it is in most browsers, the pages of this site do not stay in the tab's history: after Quick exit, pressing Back does not bring them back.":
        "عندما تكون JavaScript مفعّلة، كما في معظم المتصفحات، لا تبقى صفحات هذا الموقع في سجل التبويب: بعد «خروج سريع» لا يعيدها زر الرجوع.",
    "If JavaScript is off, or a page had not finished loading, Back can still show pages of this site after you leave, and a page where you sent a form may offer to send it again. To clear them, close the tab or the whole browser window, then delete this site from the browser history.":
        "إذا كانت JavaScript معطّلة، أو لم تكتمل الصفحة بعد، فقد يُظهر زر الرجوع صفحات من هذا الموقع بعد خروجك، وقد تعرض صفحة أرسلتِ منها نموذجًا إرساله مرة أخرى. لمسحها، أغلقي التبويب أو نافذة المتصفح كلها، ثم احذفي هذا الموقع من سجل المتصفح.",
    "Today %(hours)s.": "اليوم %(hours)s.",
    "Amharic": "الأمهرية", "Kurdish": "كردية", "Lingala": "اللينغالا", "Oromo": "الأورومية", "Dari": "الدارية",
    "Pashto": "البشتو", "Somali": "الصومالية", "Tigrinya": "تغرينية", "Yoruba": "اليوروبا",
    "Please fill this in.": "يرجى ملء هذه الخانة.",
    "Please keep this under %(limit_value)d characters (it has %(show_value)d). What you typed is still here.":
        "يرجى ألا يزيد ما تكتبينه هنا على %(limit_value)d حرفًا (فيه الآن %(show_value)d). ما كتبتِه ما زال هنا.",
    "Choose one of the options listed.": "اختاري أحد الخيارات المعروضة.",
    "Check what you typed here.": "تحققي مما كتبتِه هنا.",
    "There are fewer results than before, so this is the last page.":
        "أصبحت النتائج أقل من قبل، لذلك هذه هي الصفحة الأخيرة.",
    "Organisations it was already shared with keep their own copy.":
        "المنظمات التي شورك معها الطلب من قبل تحتفظ بنسختها الخاصة.",
    "Your request, its notes and its consents are deleted from Harbour, and your status code no longer works.":
        "حُذف طلبك وملاحظاته وموافقاتك من Harbour، ولم يعد رمز المتابعة يعمل.",
    "Before you deleted it, it was shared with the organisations below. They keep their own copy of what was shared: deleting it here does not delete theirs. You can ask each of them to delete it.":
        "قبل أن تحذفيه، شورك مع المنظمات المذكورة أدناه. تحتفظ كل منها بنسختها مما شورك: حذفه هنا لا يحذف نسختها. يمكنك أن تطلبي من كل منها حذفه.",
    "It had not been shared with any other organisation.": "لم تتم مشاركته مع أي منظمة أخرى.",
    "Not translated into your language yet: shown as the service wrote it.":
        "لم تُترجم إلى لغتك بعد: تظهر كما كتبتها الخدمة.",
}

DRAFTS = {"es": ES, "ar": AR}
ROOT = Path(__file__).resolve().parent.parent


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote_lines(lines: list[str]) -> str:
    return "".join(line.strip()[1:-1].replace('\\"', '"').replace("\\\\", "\\") for line in lines)


def fill(path: Path, drafts: dict[str, str]) -> int:
    """Fill empty or fuzzy single-form entries whose msgid is in `drafts`; return how many."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        msgid_at = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        msgstr_at = next((i for i, line in enumerate(lines) if line.startswith("msgstr ")), None)
        if msgid_at is None or msgstr_at is None or any(line.startswith("msgid_plural") for line in lines):
            continue
        msgid = _unquote_lines([lines[msgid_at][6:], *lines[msgid_at + 1:msgstr_at]])
        msgstr = _unquote_lines([lines[msgstr_at][7:], *lines[msgstr_at + 1:]])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if msgid not in drafts or (msgstr and not fuzzy):
            continue
        head = [re.sub(r",\s*fuzzy", "", line) if line.startswith("#,") else line for line in lines[:msgid_at]
                if not line.startswith("#|")]
        head = [line for line in head if line.strip() != "#,"]
        blocks[index] = "\n".join([*head, *lines[msgid_at:msgstr_at], "msgstr " + _quote(drafts[msgid])])
        filled += 1
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


def main() -> int:
    total = 0
    for language, drafts in DRAFTS.items():
        for path in [ROOT / "locale" / language / "LC_MESSAGES" / "django.po",
                     *ROOT.glob(f"harbour/*/locale/{language}/LC_MESSAGES/django.po")]:
            if path.exists():
                total += fill(path, drafts)
    sys.stdout.write(f"filled {total} entries\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
