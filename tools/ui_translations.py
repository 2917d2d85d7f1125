"""Draft translations of the shell's interface strings (en -> es, ar).

Drafts: written by the development team, not yet checked by a qualified translator. The
catalogue headers say so (X-Harbour-Review: draft) and the UI shows a notice. This file is
the source the .po files were filled from; `python tools/ui_translations.py` fills any
empty msgstr in locale/{es,ar} from it and leaves existing translations alone.
"""

import sys
from pathlib import Path

ES = {
    "E-mail address": "Correo electrónico",
    "Password": "Contraseña",
    "Code": "Código",
    "The six-digit code from your authenticator app, or one of your backup codes.": "El código de seis cifras de tu aplicación de autenticación, o uno de tus códigos de respaldo.",
    "Role": "Función",
    "Language of the invitation": "Idioma de la invitación",
    "New password": "Nueva contraseña",
    "New password again": "Repite la nueva contraseña",
    "The two passwords are not the same.": "Las dos contraseñas no son iguales.",
    "Your name": "Tu nombre",
    "Current password": "Contraseña actual",
    "Your current password is not right.": "Tu contraseña actual no es correcta.",
    "e-mail address": "correo electrónico",
    "name": "nombre",
    "language": "idioma",
    "Organisation admin": "Administración de la organización",
    "Caseworker": "Trabajadora de casos",
    "Community worker": "Trabajadora comunitaria",
    "Trainer": "Formadora",
    "Viewer": "Solo lectura",
    "Choose one of the listed roles.": "Elige una de las funciones de la lista.",
    "An organisation needs at least one admin.": "Una organización necesita al menos una persona administradora.",
    "This person is already a member of the organisation.": "Esta persona ya es miembro de la organización.",
    "Your Harbour invitation": "Tu invitación a Harbour",
    "An account with this e-mail address exists. Log in first, then open the link again.": "Ya existe una cuenta con este correo electrónico. Inicia sesión primero y después abre el enlace otra vez.",
    "Backup codes": "Códigos de respaldo",
    "Your backup codes": "Tus códigos de respaldo",
    "Each code works once, if you lose your phone. Keep them somewhere safe, away from your phone. They will not be shown again.": "Cada código sirve una sola vez, por si pierdes el teléfono. Guárdalos en un lugar seguro, lejos del teléfono. No se volverán a mostrar.",
    "Continue": "Continuar",
    "Welcome, %(name)s": "Hola, %(name)s",
    "Your organisations": "Tus organizaciones",
    "You are not a member of any organisation yet. Ask an organisation admin to invite you.": "Todavía no eres miembro de ninguna organización. Pide a una persona administradora que te invite.",
    "Networks you coordinate": "Redes que coordinas",
    "Your account": "Tu cuenta",
    "Change your password": "Cambiar tu contraseña",
    "Make new backup codes": "Crear nuevos códigos de respaldo",
    "Set up your second step": "Configura tu segundo paso",
    "Every staff account needs a second step at login, because Harbour holds information that could put women in danger.": "Toda cuenta de personal necesita un segundo paso al iniciar sesión, porque Harbour guarda información que podría poner en peligro a mujeres.",
    "Open an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator).": "Abre una aplicación de autenticación en tu teléfono (por ejemplo FreeOTP, Aegis o Google Authenticator).",
    "Scan this picture, or type the key below into the app.": "Escanea esta imagen o escribe en la aplicación la clave de abajo.",
    "Type the six-digit code the app shows.": "Escribe el código de seis cifras que muestra la aplicación.",
    "Key:": "Clave:",
    "Confirm": "Confirmar",
    "Invitation": "Invitación",
    "Join %(organisation)s on Harbour": "Únete a %(organisation)s en Harbour",
    "You are logged in as %(email)s.": "Has iniciado sesión como %(email)s.",
    "Accept the invitation": "Aceptar la invitación",
    "This invitation cannot be used": "Esta invitación no se puede usar",
    "It has expired, has already been used, or was withdrawn. Ask your organisation admin to send a new one.": "Ha caducado, ya se usó o fue retirada. Pide a la administración de tu organización que te envíe otra.",
    "This invitation is for someone else": "Esta invitación es para otra persona",
    "You are logged in with a different e-mail address from the one invited. Log out, then open the link again.": "Has iniciado sesión con un correo distinto del invitado. Cierra la sesión y abre el enlace otra vez.",
    "Log in": "Iniciar sesión",
    "Staff log in": "Acceso del personal",
    "Forgotten your password?": "¿Has olvidado tu contraseña?",
    "You have been invited to join %(organisation)s on Harbour.": "Has sido invitada o invitado a unirte a %(organisation)s en Harbour.",
    "Open this link within %(days)s days to accept:": "Abre este enlace en un plazo de %(days)s días para aceptar:",
    "If you did not expect this message, you can ignore it.": "Si no esperabas este mensaje, puedes ignorarlo.",
    "Someone asked to reset the password of your Harbour account. If it was you, open this link:": "Alguien ha pedido restablecer la contraseña de tu cuenta de Harbour. Si fuiste tú, abre este enlace:",
    "If it was not you, ignore this message: your password has not changed.": "Si no fuiste tú, ignora este mensaje: tu contraseña no ha cambiado.",
    "Harbour password reset": "Restablecer la contraseña de Harbour",
    "Members": "Miembros",
    "Name": "Nombre",
    "Change role": "Cambiar función",
    "Remove": "Quitar",
    "Invite a member": "Invitar a un miembro",
    "Send invitation": "Enviar invitación",
    "Invitations not yet accepted": "Invitaciones aún no aceptadas",
    "until %(date)s": "hasta el %(date)s",
    "Change password": "Cambiar contraseña",
    "Reset your password": "Restablecer tu contraseña",
    "After a reset you will need your organisation admin to give you access to sealed records again.": "Después de restablecerla, la administración de tu organización tendrá que volver a darte acceso a los registros sellados.",
    "Send reset link": "Enviar enlace",
    "Password changed": "Contraseña cambiada",
    "Choose a new password": "Elige una contraseña nueva",
    "This reset link has expired or was already used. Ask for a new one.": "Este enlace ha caducado o ya se usó. Pide uno nuevo.",
    "Check your e-mail": "Revisa tu correo",
    "If an account has that address, a link to reset its password is on its way.": "Si hay una cuenta con esa dirección, le llegará un enlace para restablecer la contraseña.",
    "Second step": "Segundo paso",
    "Too many attempts. This account is locked for up to %(minutes)s minutes. Ask your organisation admin if you need to get in sooner.": "Demasiados intentos. Esta cuenta está bloqueada durante un máximo de %(minutes)s minutos. Pide ayuda a la administración de tu organización si necesitas entrar antes.",
    "That e-mail address and password do not match an account.": "Ese correo y esa contraseña no coinciden con ninguna cuenta.",
    "That code is not right. Check the time on your phone, or use a backup code.": "Ese código no es correcto. Comprueba la hora de tu teléfono o usa un código de respaldo.",
    "That code is not right. Scan the picture again and type the code your app shows now.": "Ese código no es correcto. Escanea la imagen otra vez y escribe el código que muestra ahora la aplicación.",
    "Invitation sent to %(email)s.": "Invitación enviada a %(email)s.",
    "Role changed.": "Función cambiada.",
    "Membership ended.": "Membresía terminada.",
    "You have joined %(organisation)s.": "Te has unido a %(organisation)s.",
    "Your account is ready. Log in to set up your second factor.": "Tu cuenta está lista. Inicia sesión para configurar tu segundo paso.",
    "Your password has been changed.": "Tu contraseña se ha cambiado.",
    "staff": "personal",
    "Log out": "Cerrar sesión",
    "This page was translated by volunteers and is waiting for a qualified translator to check it. If something is unclear, the English version is the reference.": "Esta página la tradujeron personas voluntarias y está pendiente de revisión por una traductora profesional. Si algo no está claro, la versión en inglés es la de referencia.",
    "Leave this site now": "Salir de este sitio ahora",
    "Quick exit": "Salida rápida",
    "To leave fast, press Shift three times or use Quick exit.": "Para salir rápido, pulsa Mayúsculas tres veces o usa Salida rápida.",
    "Language": "Idioma",
    "Staying safe online": "Seguridad en internet",
    "Something was wrong with that request": "Algo falló en esa petición",
    "Please go back and try again.": "Vuelve atrás e inténtalo de nuevo.",
    "Go to the start page": "Ir a la página de inicio",
    "You cannot open this page": "No puedes abrir esta página",
    "Page not found": "Página no encontrada",
    "There is no page at this address. It may have moved, or the address may have a mistake in it.": "No hay ninguna página en esta dirección. Puede que se haya movido o que la dirección tenga un error.",
    "This form has expired": "Este formulario ha caducado",
    "For your safety, forms stop working after a while, or after Quick exit. Nothing was sent and nothing was saved.": "Por tu seguridad, los formularios dejan de funcionar pasado un tiempo o después de la Salida rápida. No se envió ni se guardó nada.",
    "Here is what you typed, so that you can copy it before you go back and send the form again:": "Esto es lo que escribiste, para que puedas copiarlo antes de volver atrás y enviar el formulario otra vez:",
    "Go back, reload the page, and send it again.": "Vuelve atrás, recarga la página y envíalo de nuevo.",
    "Information and support, in your language": "Información y apoyo, en tu idioma",
    "Harbour is run by organisations that support women. You do not need an account, and you do not have to give your name.": "Harbour lo gestionan organizaciones que apoyan a mujeres. No necesitas una cuenta y no tienes que dar tu nombre.",
    "How to use this site without leaving traces, and how to leave it fast.": "Cómo usar este sitio sin dejar rastro y cómo salir rápido.",
    "If you are in danger now, call the emergency number: 999 in the UK, 112 in the European Union.": "Si estás en peligro ahora, llama al número de emergencias: 999 en el Reino Unido, 112 en la Unión Europea.",
    "Someone may check your phone or computer. These steps make it harder for them to see that you visited this site. No step is perfect: if you think your device is watched, use a device they cannot reach, such as a friend's phone or a library computer.": "Alguien puede revisar tu teléfono o tu ordenador. Estos pasos le ponen más difícil ver que visitaste este sitio. Ningún paso es perfecto: si crees que vigilan tu dispositivo, usa uno al que no tengan acceso, como el teléfono de una amiga o un ordenador de una biblioteca.",
    "Leave fast": "Salir rápido",
    "Every page has a Quick exit button at the top. It takes you to a weather site straight away, and this page will not come back if someone presses Back. You can also press the Shift key three times. With a keyboard, press Tab once: the first link is the exit.": "Cada página tiene arriba un botón de Salida rápida. Te lleva al momento a una página del tiempo, y esta página no vuelve si alguien pulsa Atrás. También puedes pulsar la tecla Mayúsculas tres veces. Con teclado, pulsa Tab una vez: el primer enlace es la salida.",
    "Quick exit also asks your browser to forget this site, but it cannot remove every trace. The steps below help more.": "La Salida rápida también pide a tu navegador que olvide este sitio, pero no puede borrar todos los rastros. Los pasos de abajo ayudan más.",
    "Private browsing": "Navegación privada",
    "Open a private window (called Incognito in Chrome and InPrivate in Edge). When you close it, the browser forgets the pages you opened. The person who controls the phone, your internet provider or your employer may still see which sites you visited.": "Abre una ventana privada (se llama Incógnito en Chrome e InPrivate en Edge). Al cerrarla, el navegador olvida las páginas que abriste. Quien controla el teléfono, tu proveedor de internet o tu empresa todavía pueden ver qué sitios visitaste.",
    "Browser history": "Historial del navegador",
    "If you cannot use private browsing, delete this site from your history afterwards. Deleting only some pages is less noticeable than deleting everything, which someone may notice.": "Si no puedes usar la navegación privada, borra después este sitio del historial. Borrar solo algunas páginas se nota menos que borrarlo todo, algo que alguien podría notar.",
    "Shared phones and computers": "Teléfonos y ordenadores compartidos",
    "On a shared device, do not save passwords, and log out of your e-mail. Someone who knows your e-mail password can read what arrives there. If you ask for help here, choose a safe way and a safe time for the organisation to contact you, or choose to check back yourself with your code.": "En un dispositivo compartido, no guardes contraseñas y cierra la sesión de tu correo. Quien conozca la contraseña de tu correo puede leer lo que te llega. Si pides ayuda aquí, elige una forma y una hora seguras para que la organización se ponga en contacto contigo, o elige consultar tú misma con tu código.",
    "Your phone": "Tu teléfono",
    "Apps can share your location. Check which apps can see where you are, and whether someone else set up your phone or knows its lock code.": "Las aplicaciones pueden compartir tu ubicación. Comprueba qué aplicaciones pueden ver dónde estás, y si otra persona configuró tu teléfono o conoce su código de bloqueo.",
    "What this site does": "Qué hace este sitio",
    "Harbour does not keep your internet address, your device type or what you search for. It has no advertising or tracking, and it loads nothing from other sites.": "Harbour no guarda tu dirección de internet, el tipo de dispositivo ni lo que buscas. No tiene publicidad ni seguimiento, y no carga nada de otros sitios.",
}

AR = {
    "E-mail address": "البريد الإلكتروني",
    "Password": "كلمة المرور",
    "Code": "الرمز",
    "The six-digit code from your authenticator app, or one of your backup codes.": "الرمز المكوّن من ستة أرقام من تطبيق المصادقة، أو أحد رموزك الاحتياطية.",
    "Role": "الدور",
    "Language of the invitation": "لغة الدعوة",
    "New password": "كلمة المرور الجديدة",
    "New password again": "كلمة المرور الجديدة مرة أخرى",
    "The two passwords are not the same.": "كلمتا المرور غير متطابقتين.",
    "Your name": "اسمك",
    "Current password": "كلمة المرور الحالية",
    "Your current password is not right.": "كلمة المرور الحالية غير صحيحة.",
    "e-mail address": "البريد الإلكتروني",
    "name": "الاسم",
    "language": "اللغة",
    "Organisation admin": "مسؤولة المنظمة",
    "Caseworker": "مسؤولة حالات",
    "Community worker": "عاملة مجتمعية",
    "Trainer": "مدرّبة",
    "Viewer": "اطلاع فقط",
    "Choose one of the listed roles.": "اختاري أحد الأدوار المذكورة.",
    "An organisation needs at least one admin.": "تحتاج المنظمة إلى مسؤول واحد على الأقل.",
    "This person is already a member of the organisation.": "هذا الشخص عضو في المنظمة بالفعل.",
    "Your Harbour invitation": "دعوتك إلى Harbour",
    "An account with this e-mail address exists. Log in first, then open the link again.": "يوجد حساب بهذا البريد الإلكتروني. سجّلي الدخول أولًا، ثم افتحي الرابط مرة أخرى.",
    "Backup codes": "الرموز الاحتياطية",
    "Your backup codes": "رموزك الاحتياطية",
    "Each code works once, if you lose your phone. Keep them somewhere safe, away from your phone. They will not be shown again.": "كل رمز يعمل مرة واحدة، إذا فقدتِ هاتفك. احفظيها في مكان آمن بعيدًا عن هاتفك. لن تظهر مرة أخرى.",
    "Continue": "متابعة",
    "Welcome, %(name)s": "أهلًا، %(name)s",
    "Your organisations": "منظماتك",
    "You are not a member of any organisation yet. Ask an organisation admin to invite you.": "لستِ عضوًا في أي منظمة بعد. اطلبي من مسؤولة المنظمة أن ترسل لك دعوة.",
    "Networks you coordinate": "الشبكات التي تنسّقينها",
    "Your account": "حسابك",
    "Change your password": "تغيير كلمة المرور",
    "Make new backup codes": "إنشاء رموز احتياطية جديدة",
    "Set up your second step": "إعداد الخطوة الثانية",
    "Every staff account needs a second step at login, because Harbour holds information that could put women in danger.": "يحتاج كل حساب للعاملين إلى خطوة ثانية عند تسجيل الدخول، لأن Harbour يحفظ معلومات قد تعرّض النساء للخطر.",
    "Open an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator).": "افتحي تطبيق مصادقة على هاتفك (مثل FreeOTP أو Aegis أو Google Authenticator).",
    "Scan this picture, or type the key below into the app.": "امسحي هذه الصورة، أو اكتبي المفتاح أدناه في التطبيق.",
    "Type the six-digit code the app shows.": "اكتبي الرمز المكوّن من ستة أرقام الذي يظهره التطبيق.",
    "Key:": "المفتاح:",
    "Confirm": "تأكيد",
    "Invitation": "دعوة",
    "Join %(organisation)s on Harbour": "انضمّي إلى %(organisation)s على Harbour",
    "You are logged in as %(email)s.": "أنتِ مسجّلة الدخول باسم %(email)s.",
    "Accept the invitation": "قبول الدعوة",
    "This invitation cannot be used": "لا يمكن استخدام هذه الدعوة",
    "It has expired, has already been used, or was withdrawn. Ask your organisation admin to send a new one.": "انتهت صلاحيتها، أو استُخدمت من قبل، أو سُحبت. اطلبي من مسؤولة منظمتك إرسال دعوة جديدة.",
    "This invitation is for someone else": "هذه الدعوة لشخص آخر",
    "You are logged in with a different e-mail address from the one invited. Log out, then open the link again.": "أنتِ مسجّلة الدخول ببريد إلكتروني غير البريد المدعو. سجّلي الخروج، ثم افتحي الرابط مرة أخرى.",
    "Log in": "تسجيل الدخول",
    "Staff log in": "دخول العاملين",
    "Forgotten your password?": "هل نسيتِ كلمة المرور؟",
    "You have been invited to join %(organisation)s on Harbour.": "تمت دعوتك للانضمام إلى %(organisation)s على Harbour.",
    "Open this link within %(days)s days to accept:": "افتحي هذا الرابط خلال %(days)s أيام لقبول الدعوة:",
    "If you did not expect this message, you can ignore it.": "إذا لم تكوني تتوقعين هذه الرسالة، يمكنك تجاهلها.",
    "Someone asked to reset the password of your Harbour account. If it was you, open this link:": "طلب أحدهم إعادة تعيين كلمة مرور حسابك على Harbour. إذا كنتِ أنتِ، افتحي هذا الرابط:",
    "If it was not you, ignore this message: your password has not changed.": "إذا لم تكوني أنتِ، تجاهلي هذه الرسالة: لم تتغيّر كلمة المرور.",
    "Harbour password reset": "إعادة تعيين كلمة مرور Harbour",
    "Members": "الأعضاء",
    "Name": "الاسم",
    "Change role": "تغيير الدور",
    "Remove": "إزالة",
    "Invite a member": "دعوة عضو",
    "Send invitation": "إرسال الدعوة",
    "Invitations not yet accepted": "دعوات لم تُقبل بعد",
    "until %(date)s": "حتى %(date)s",
    "Change password": "تغيير كلمة المرور",
    "Reset your password": "إعادة تعيين كلمة المرور",
    "After a reset you will need your organisation admin to give you access to sealed records again.": "بعد إعادة التعيين، ستحتاجين إلى أن تمنحك مسؤولة منظمتك الوصول إلى السجلات المختومة من جديد.",
    "Send reset link": "إرسال الرابط",
    "Password changed": "تم تغيير كلمة المرور",
    "Choose a new password": "اختاري كلمة مرور جديدة",
    "This reset link has expired or was already used. Ask for a new one.": "انتهت صلاحية هذا الرابط أو استُخدم من قبل. اطلبي رابطًا جديدًا.",
    "Check your e-mail": "تحقّقي من بريدك الإلكتروني",
    "If an account has that address, a link to reset its password is on its way.": "إذا كان هناك حساب بهذا العنوان، فسيصله رابط لإعادة تعيين كلمة المرور.",
    "Second step": "الخطوة الثانية",
    "Too many attempts. This account is locked for up to %(minutes)s minutes. Ask your organisation admin if you need to get in sooner.": "محاولات كثيرة جدًا. هذا الحساب مقفل لمدة تصل إلى %(minutes)s دقيقة. اطلبي المساعدة من مسؤولة منظمتك إذا احتجتِ إلى الدخول قبل ذلك.",
    "That e-mail address and password do not match an account.": "هذا البريد الإلكتروني وكلمة المرور لا يطابقان أي حساب.",
    "That code is not right. Check the time on your phone, or use a backup code.": "هذا الرمز غير صحيح. تحقّقي من الوقت على هاتفك، أو استخدمي رمزًا احتياطيًا.",
    "That code is not right. Scan the picture again and type the code your app shows now.": "هذا الرمز غير صحيح. امسحي الصورة مرة أخرى واكتبي الرمز الذي يظهره التطبيق الآن.",
    "Invitation sent to %(email)s.": "تم إرسال الدعوة إلى %(email)s.",
    "Role changed.": "تم تغيير الدور.",
    "Membership ended.": "انتهت العضوية.",
    "You have joined %(organisation)s.": "انضممتِ إلى %(organisation)s.",
    "Your account is ready. Log in to set up your second factor.": "حسابك جاهز. سجّلي الدخول لإعداد الخطوة الثانية.",
    "Your password has been changed.": "تم تغيير كلمة المرور.",
    "staff": "العاملون",
    "Log out": "تسجيل الخروج",
    "This page was translated by volunteers and is waiting for a qualified translator to check it. If something is unclear, the English version is the reference.": "ترجم متطوعون هذه الصفحة، وهي بانتظار مراجعة مترجمة مؤهلة. إذا كان شيء غير واضح، فالنسخة الإنجليزية هي المرجع.",
    "Leave this site now": "اخرجي من هذا الموقع الآن",
    "Quick exit": "خروج سريع",
    "To leave fast, press Shift three times or use Quick exit.": "للخروج بسرعة، اضغطي مفتاح Shift ثلاث مرات أو استخدمي زر الخروج السريع.",
    "Language": "اللغة",
    "Staying safe online": "الأمان على الإنترنت",
    "Something was wrong with that request": "حدث خطأ في هذا الطلب",
    "Please go back and try again.": "يُرجى الرجوع والمحاولة مرة أخرى.",
    "Go to the start page": "الذهاب إلى الصفحة الرئيسية",
    "You cannot open this page": "لا يمكنك فتح هذه الصفحة",
    "Page not found": "الصفحة غير موجودة",
    "There is no page at this address. It may have moved, or the address may have a mistake in it.": "لا توجد صفحة على هذا العنوان. ربما نُقلت، أو ربما في العنوان خطأ.",
    "This form has expired": "انتهت صلاحية هذا النموذج",
    "For your safety, forms stop working after a while, or after Quick exit. Nothing was sent and nothing was saved.": "من أجل سلامتك، تتوقف النماذج عن العمل بعد فترة، أو بعد الخروج السريع. لم يُرسل أي شيء ولم يُحفظ أي شيء.",
    "Here is what you typed, so that you can copy it before you go back and send the form again:": "هذا ما كتبتِه، لتتمكني من نسخه قبل الرجوع وإرسال النموذج مرة أخرى:",
    "Go back, reload the page, and send it again.": "ارجعي، وأعيدي تحميل الصفحة، ثم أرسليه مرة أخرى.",
    "Information and support, in your language": "معلومات ودعم بلغتك",
    "Harbour is run by organisations that support women. You do not need an account, and you do not have to give your name.": "تدير Harbour منظمات تدعم النساء. لا تحتاجين إلى حساب، ولا يلزمك ذكر اسمك.",
    "How to use this site without leaving traces, and how to leave it fast.": "كيف تستخدمين هذا الموقع دون ترك أثر، وكيف تخرجين منه بسرعة.",
    "If you are in danger now, call the emergency number: 999 in the UK, 112 in the European Union.": "إذا كنتِ في خطر الآن، اتصلي برقم الطوارئ: 999 في المملكة المتحدة، و112 في الاتحاد الأوروبي.",
    "Someone may check your phone or computer. These steps make it harder for them to see that you visited this site. No step is perfect: if you think your device is watched, use a device they cannot reach, such as a friend's phone or a library computer.": "قد يفتّش أحدهم هاتفك أو حاسوبك. هذه الخطوات تصعّب عليه معرفة أنك زرتِ هذا الموقع. لا توجد خطوة كاملة: إذا كنتِ تظنين أن جهازك مراقَب، فاستخدمي جهازًا لا يصل إليه، مثل هاتف صديقة أو حاسوب في مكتبة عامة.",
    "Leave fast": "الخروج بسرعة",
    "Every page has a Quick exit button at the top. It takes you to a weather site straight away, and this page will not come back if someone presses Back. You can also press the Shift key three times. With a keyboard, press Tab once: the first link is the exit.": "في أعلى كل صفحة زر للخروج السريع. ينقلك فورًا إلى موقع للطقس، ولن تعود هذه الصفحة إذا ضغط أحدهم زر الرجوع. يمكنك أيضًا الضغط على مفتاح Shift ثلاث مرات. باستخدام لوحة المفاتيح، اضغطي Tab مرة واحدة: أول رابط هو الخروج.",
    "Quick exit also asks your browser to forget this site, but it cannot remove every trace. The steps below help more.": "يطلب الخروج السريع أيضًا من المتصفح أن ينسى هذا الموقع، لكنه لا يستطيع إزالة كل أثر. الخطوات التالية تساعد أكثر.",
    "Private browsing": "التصفح الخاص",
    "Open a private window (called Incognito in Chrome and InPrivate in Edge). When you close it, the browser forgets the pages you opened. The person who controls the phone, your internet provider or your employer may still see which sites you visited.": "افتحي نافذة خاصة (اسمها «التصفح المتخفي» في Chrome و«InPrivate» في Edge). عندما تغلقينها، ينسى المتصفح الصفحات التي فتحتِها. لكن من يتحكم في الهاتف، أو مزوّد الإنترنت، أو جهة العمل قد يرون المواقع التي زرتِها.",
    "Browser history": "سجلّ المتصفح",
    "If you cannot use private browsing, delete this site from your history afterwards. Deleting only some pages is less noticeable than deleting everything, which someone may notice.": "إذا لم تستطيعي استخدام التصفح الخاص، احذفي هذا الموقع من السجلّ بعد ذلك. حذف بعض الصفحات فقط يلفت الانتباه أقل من حذف كل شيء، وهو ما قد يلاحظه أحدهم.",
    "Shared phones and computers": "الهواتف والحواسيب المشتركة",
    "On a shared device, do not save passwords, and log out of your e-mail. Someone who knows your e-mail password can read what arrives there. If you ask for help here, choose a safe way and a safe time for the organisation to contact you, or choose to check back yourself with your code.": "على جهاز مشترك، لا تحفظي كلمات المرور، وسجّلي الخروج من بريدك الإلكتروني. من يعرف كلمة مرور بريدك يستطيع قراءة ما يصلك. إذا طلبتِ المساعدة هنا، اختاري طريقة آمنة ووقتًا آمنًا لتتواصل معك المنظمة، أو اختاري أن تتابعي بنفسك باستخدام رمزك.",
    "Your phone": "هاتفك",
    "Apps can share your location. Check which apps can see where you are, and whether someone else set up your phone or knows its lock code.": "قد تشارك التطبيقات موقعك. تحقّقي من التطبيقات التي ترى مكانك، وهل أعدّ شخص آخر هاتفك أو يعرف رمز قفله.",
    "What this site does": "ماذا يفعل هذا الموقع",
    "Harbour does not keep your internet address, your device type or what you search for. It has no advertising or tracking, and it loads nothing from other sites.": "لا يحتفظ Harbour بعنوان الإنترنت الخاص بك، ولا بنوع جهازك، ولا بما تبحثين عنه. لا يحتوي على إعلانات أو تتبّع، ولا يحمّل أي شيء من مواقع أخرى.",
}

CATALOGUES = {"es": ES, "ar": AR}
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(po_path: Path, table: dict[str, str], code: str) -> int:
    """Fill empty single-line msgstr entries; set the draft review header. Returns count filled."""
    lines = po_path.read_text(encoding="utf-8").splitlines()
    out, filled, i = [], 0, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('"Plural-Forms:'):
            line = po_quote(f"Plural-Forms: {PLURAL_FORMS[code]}\n")
        if line.startswith('"Language:'):
            line = po_quote(f"Language: {code}\n")
            out.append(line)
            if not any(entry.startswith('"X-Harbour-Review:') for entry in lines):
                out.append(po_quote("X-Harbour-Review: draft\n"))
            i += 1
            continue
        if line.startswith("#, fuzzy") and i < 12:
            i += 1  # the header is not fuzzy once it is filled in
            continue
        out.append(line)
        if line.startswith("msgid "):
            msgid_lines = [line[6:]]
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                msgid_lines.append(lines[j])
                out.append(lines[j])
                j += 1
            msgid = "".join(eval_po(part) for part in msgid_lines)  # noqa: S307 - see eval_po
            if j < len(lines) and lines[j] == 'msgstr ""' and (j + 1 >= len(lines) or not lines[j + 1].startswith('"')) and msgid in table:
                out.append("msgstr " + po_quote(table[msgid]))
                filled += 1
                i = j + 1
                continue
            i = j
            continue
        i += 1
    po_path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return filled


def fill_blocks(po_path: Path, table: dict[str, str | list[str]]) -> int:
    """Fill untranslated entries of any catalogue, plural ones included (a list of forms).

    Works entry by entry (entries are separated by blank lines); translated entries are left
    alone. Returns how many entries it filled.
    """
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        lines = block.splitlines()
        keys = [n for n, line in enumerate(lines) if line.startswith(("msgid ", "msgid_plural ", "msgstr"))]
        if not keys or lines[keys[0]].startswith("msgid_plural"):
            continue
        msgid_at = next((n for n in keys if lines[n].startswith("msgid ")), None)
        if msgid_at is None:
            continue
        parts, n = [lines[msgid_at][6:]], msgid_at + 1
        while n < len(lines) and lines[n].startswith('"'):
            parts.append(lines[n])
            n += 1
        msgid = "".join(eval_po(part) for part in parts)
        first_str = next((k for k in keys if lines[k].startswith("msgstr")), None)
        if msgid not in table or first_str is None:
            continue
        existing = "".join(eval_po(line.split(" ", 1)[1]) for line in lines[first_str:] if line.startswith("msgstr"))
        if existing:
            continue
        value = table[msgid]
        if isinstance(value, list):
            new = [f"msgstr[{i}] {po_quote(form)}" for i, form in enumerate(value)]
        else:
            new = [f"msgstr {po_quote(value)}"]
        blocks[index] = "\n".join(lines[:first_str] + new)
        filled += 1
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


def eval_po(quoted: str) -> str:
    import ast

    return ast.literal_eval(quoted.strip())


# The directory's public strings that its first catalogues left empty (drafts, like the rest).
DIRECTORY_ES = {
    "We do not know that place. Try another spelling, or pick a place from the list.": "No conocemos ese lugar. Prueba a escribirlo de otra forma o elige un lugar de la lista.",
    "The address is not published, for safety. Call the number to be put in touch.": "Por seguridad, la dirección no se publica. Llama al número para que te pongan en contacto.",
    "physical": "física",
    "postal": "postal",
    "virtual": "virtual",
    "Does not share information with immigration enforcement and does not check status": "No comparte información con las autoridades de inmigración y no comprueba la situación migratoria",
    "Last confirmed by the service itself yesterday.": ["Confirmado por el propio servicio ayer.", "Confirmado por el propio servicio hace %(days)s días."],
    "Last checked %(method)s yesterday.": ["Comprobado %(method)s ayer.", "Comprobado %(method)s hace %(days)s días."],
    "Safe address, not published. Area: %(area)s. Call %(phone)s to be put in touch.": "Dirección segura, no publicada. Zona: %(area)s. Llama al %(phone)s para que te pongan en contacto.",
    "Search for support near you. What you type here is not saved, and it does not appear in the address bar.": "Busca apoyo cerca de ti. Lo que escribes aquí no se guarda y no aparece en la barra de direcciones.",
    "%(total)s service found": ["%(total)s servicio encontrado", "%(total)s servicios encontrados"],
    "Not saved: a confidential address needs an area, a town and a gatekeeper phone.": "No se ha guardado: una dirección confidencial necesita una zona, una localidad y un teléfono de contacto.",
}

DIRECTORY_AR = {
    "We do not know that place. Try another spelling, or pick a place from the list.": "لا نعرف هذا المكان. جرّبي كتابته بطريقة أخرى، أو اختاري مكانًا من القائمة.",
    "The address is not published, for safety. Call the number to be put in touch.": "العنوان غير منشور حفاظًا على السلامة. اتصلي بالرقم ليتم وصلك بالخدمة.",
    "active": "تعمل",
    "inactive": "متوقفة",
    "defunct": "مغلقة نهائيًا",
    "temporarily closed": "مغلقة مؤقتًا",
    "physical": "فعلي",
    "postal": "بريدي",
    "virtual": "عبر الإنترنت",
    "Does not share information with immigration enforcement and does not check status": "لا تشارك المعلومات مع سلطات إنفاذ الهجرة ولا تتحقق من وضع الإقامة",
    "draft": "مسودة",
    "reviewed": "تمت مراجعتها",
    "Last confirmed by the service itself yesterday.": [
        "أكدت الخدمة نفسها هذه المعلومات اليوم.",
        "أكدت الخدمة نفسها هذه المعلومات أمس.",
        "أكدت الخدمة نفسها هذه المعلومات قبل يومين.",
        "أكدت الخدمة نفسها هذه المعلومات قبل %(days)s أيام.",
        "أكدت الخدمة نفسها هذه المعلومات قبل %(days)s يومًا.",
        "أكدت الخدمة نفسها هذه المعلومات قبل %(days)s يوم.",
    ],
    "Last checked %(method)s yesterday.": [
        "آخر تحقق %(method)s اليوم.",
        "آخر تحقق %(method)s أمس.",
        "آخر تحقق %(method)s قبل يومين.",
        "آخر تحقق %(method)s قبل %(days)s أيام.",
        "آخر تحقق %(method)s قبل %(days)s يومًا.",
        "آخر تحقق %(method)s قبل %(days)s يوم.",
    ],
    "Last edited %(date)s.": "آخر تعديل %(date)s.",
    "Safe address, not published. Area: %(area)s. Call %(phone)s to be put in touch.": "عنوان آمن غير منشور. المنطقة: %(area)s. اتصلي بالرقم %(phone)s ليتم وصلك بالخدمة.",
    "Search for support near you. What you type here is not saved, and it does not appear in the address bar.": "ابحثي عن دعم قريب منك. ما تكتبينه هنا لا يُحفظ، ولا يظهر في شريط العنوان.",
    "%(total)s service found": [
        "لم يُعثر على أي خدمة",
        "عُثر على خدمة واحدة",
        "عُثر على خدمتين",
        "عُثر على %(total)s خدمات",
        "عُثر على %(total)s خدمة",
        "عُثر على %(total)s خدمة",
    ],
    "stated by the service itself, %(date)s; to be checked by %(until)s": "بحسب الخدمة نفسها، %(date)s؛ يجب التحقق منه قبل %(until)s",
    "checked %(method)s, %(date)s; to be checked again by %(until)s": "تم التحقق %(method)s، %(date)s؛ يجب التحقق منه مجددًا قبل %(until)s",
}

APP_CATALOGUES = {
    ("directory", "es"): DIRECTORY_ES,
    ("directory", "ar"): DIRECTORY_AR,
}


def fill_apps(root: Path) -> None:
    for (app, code), table in APP_CATALOGUES.items():
        path = root / "harbour" / app / "locale" / code / "LC_MESSAGES" / "django.po"
        sys.stdout.write(f"{app} {code}: {fill_blocks(path, table)} filled\n")


# The firewall's staff pages in Arabic (drafts).
FIREWALL_AR = {
    "Category": "الفئة",
    "Partner organisation on Harbour": "منظمة شريكة على Harbour",
    "Or an e-mail address outside Harbour": "أو بريد إلكتروني خارج Harbour",
    "Recovery key": "مفتاح الاسترداد",
    "There is no such consent.": "لا توجد موافقة بهذا الشكل.",
    "You may not share for this organisation.": "لا يمكنك المشاركة باسم هذه المنظمة.",
    "This consent is about another request.": "هذه الموافقة تخص طلبًا آخر.",
    "She has withdrawn this consent. Nothing was shared.": "سحبت موافقتها. لم تتم مشاركة أي شيء.",
    "This consent has ended. Ask her again before sharing.": "انتهت مدة هذه الموافقة. اسأليها مرة أخرى قبل المشاركة.",
    "This recipient is not registered by your organisation.": "هذه الجهة غير مسجّلة لدى منظمتك.",
    "Harbour never shares with immigration enforcement.": "لا يشارك Harbour أي شيء مع سلطات إنفاذ الهجرة أبدًا.",
    "Nothing this consent covers may go to this recipient.": "لا يجوز إرسال أي شيء تشمله هذه الموافقة إلى هذه الجهة.",
    "This partner cannot receive sealed referrals yet.": "لا تستطيع هذه الجهة الشريكة استلام الإحالات المختومة بعد.",
    "A referral from %(organisation)s, shared with her consent.": "إحالة من %(organisation)s، تمت مشاركتها بموافقتها.",
    "Referral": "إحالة",
    "Log out and in again first: your personal key is made at login.": "سجّلي الخروج ثم الدخول أولًا: يُنشأ مفتاحك الشخصي عند تسجيل الدخول.",
    "This organisation's key is already set up.": "مفتاح هذه المنظمة مُعدّ بالفعل.",
    "Only active admins and caseworkers hold the organisation's key.": "لا يحمل مفتاح المنظمة إلا المسؤولات ومسؤولات الحالات النشطات.",
    "She has not logged in since sealing was set up. Grant access after her next login.": "لم تسجّل الدخول منذ إعداد الختم. امنحيها الوصول بعد تسجيل دخولها التالي.",
    "That key does not belong to this organisation.": "هذا المفتاح لا يخص هذه المنظمة.",
    "This organisation's key is not set up yet.": "لم يُعدّ مفتاح هذه المنظمة بعد.",
    "That recovery key does not open this organisation's key.": "مفتاح الاسترداد هذا لا يفتح مفتاح هذه المنظمة.",
    "Specialist support service": "خدمة دعم متخصصة",
    "Community group": "مجموعة مجتمعية",
    "Regulated legal adviser": "مستشار قانوني مرخّص",
    "Health service": "خدمة صحية",
    "Housing provider": "جهة سكن",
    "Police": "الشرطة",
    "Other statutory body": "جهة رسمية أخرى",
    "name": "الاسم",
    "category": "الفئة",
    "e-mail address": "البريد الإلكتروني",
    "Choose a partner organisation on Harbour or give an e-mail address.": "اختاري منظمة شريكة على Harbour أو اكتبي بريدًا إلكترونيًا.",
    "An organisation does not need to register itself as a recipient.": "لا تحتاج المنظمة إلى تسجيل نفسها كجهة مستلمة.",
    "Referral for support": "إحالة للحصول على دعم",
    "Health care": "رعاية صحية",
    "Safety planning": "تخطيط للسلامة",
    "Reporting a crime": "الإبلاغ عن جريمة",
    "Said in person": "قالتها شخصيًا",
    "Said by phone": "قالتها عبر الهاتف",
    "Given in writing": "كتابيًا",
    "Given online": "عبر الإنترنت",
    "Harbour never shares with immigration enforcement. This recipient cannot be registered.": "لا يشارك Harbour أي شيء مع سلطات إنفاذ الهجرة أبدًا. لا يمكن تسجيل هذه الجهة.",
    "Choose a recipient your organisation has registered.": "اختاري جهة مستلمة سجّلتها منظمتك.",
    "Choose at least one kind of information.": "اختاري نوعًا واحدًا على الأقل من المعلومات.",
    "This recipient may not receive: %(kinds)s.": "لا يجوز أن تستلم هذه الجهة: %(kinds)s.",
    "Choose an end date from today to one year ahead.": "اختاري تاريخ انتهاء بين اليوم وسنة من الآن.",
    "Set up your organisation's key first.": "أعدّي مفتاح منظمتك أولًا.",
    "Keys and recipients": "المفاتيح والجهات المستلمة",
    "Names, contact details, messages and notes are sealed to your organisation's key. Only members who hold a copy of that key can open them; the server cannot.": "الأسماء وبيانات التواصل والرسائل والملاحظات مختومة بمفتاح منظمتك. لا يستطيع فتحها إلا الأعضاء الذين يحملون نسخة من هذا المفتاح، ولا يستطيع الخادم ذلك.",
    "Sealing is not set up for this organisation yet. Until it is, the organisation is not offered on the public help form.": "لم يُعدّ الختم لهذه المنظمة بعد. إلى أن يُعدّ، لن تظهر المنظمة في نموذج طلب المساعدة العام.",
    "Set up the organisation's key": "إعداد مفتاح المنظمة",
    "You hold this organisation's key, and it is open for this session.": "تحملين مفتاح هذه المنظمة، وهو مفتوح في هذه الجلسة.",
    "You hold this organisation's key. Log out and in again to open it.": "تحملين مفتاح هذه المنظمة. سجّلي الخروج ثم الدخول لفتحه.",
    "Your password was reset by e-mail, so your old copy of the key could not be kept. Ask an admin of this organisation to grant you access again.": "أُعيد تعيين كلمة مرورك عبر البريد الإلكتروني، لذلك لم يمكن الاحتفاظ بنسختك القديمة من المفتاح. اطلبي من مسؤولة في هذه المنظمة أن تمنحك الوصول مجددًا.",
    "You do not hold this organisation's key yet. Ask an admin to grant you access.": "لا تحملين مفتاح هذه المنظمة بعد. اطلبي من مسؤولة أن تمنحك الوصول.",
    "Who holds the key": "من يحمل المفتاح",
    "Member": "العضو",
    "Access": "الوصول",
    "Has access": "لديها وصول",
    "Waiting for her first login": "بانتظار أول تسجيل دخول لها",
    "Needs access again: she reset her password": "تحتاج إلى الوصول مجددًا: أعادت تعيين كلمة مرورها",
    "No access yet": "لا وصول بعد",
    "Grant access": "منح الوصول",
    "Log in again to grant": "سجّلي الدخول مجددًا لمنح الوصول",
    "Recipients": "الجهات المستلمة",
    "Harbour never shares with immigration enforcement: no such recipient can be registered.": "لا يشارك Harbour أي شيء مع سلطات إنفاذ الهجرة أبدًا: لا يمكن تسجيل جهة كهذه.",
    "on Harbour": "على Harbour",
    "None yet.": "لا شيء بعد.",
    "Register recipient": "تسجيل جهة مستلمة",
    "Recovery": "الاسترداد",
    "Open with the recovery key": "الفتح بمفتاح الاسترداد",
    "You are not a member of any organisation.": "لستِ عضوًا في أي منظمة.",
    "Write down this recovery key now": "اكتبي مفتاح الاسترداد هذا الآن",
    "The key for %(name)s is set up. This recovery key is shown once and is not stored anywhere: if every member who holds the key loses access, it is the only way to open your organisation's sealed records.": "تم إعداد مفتاح %(name)s. يظهر مفتاح الاسترداد هذا مرة واحدة ولا يُحفظ في أي مكان: إذا فقد كل الأعضاء الذين يحملون المفتاح وصولهم، فهو الطريقة الوحيدة لفتح سجلات منظمتك المختومة.",
    "Keep it on paper, somewhere locked, away from this computer. Do not e-mail it or save it in a file on a shared computer.": "احفظيه على ورق، في مكان مقفل، بعيدًا عن هذا الحاسوب. لا ترسليه بالبريد الإلكتروني ولا تحفظيه في ملف على حاسوب مشترك.",
    "I have written it down": "كتبته",
    "Your own access to this organisation's key is not open in this session. Log in again, or use the recovery key.": "وصولك إلى مفتاح هذه المنظمة غير مفتوح في هذه الجلسة. سجّلي الدخول مجددًا، أو استخدمي مفتاح الاسترداد.",
    "Access granted to %(name)s.": "تم منح الوصول إلى %(name)s.",
    "The organisation's key is open again, and you hold a new copy.": "مفتاح المنظمة مفتوح مجددًا، وتحملين نسخة جديدة منه.",
    "Recipient registered.": "تم تسجيل الجهة المستلمة.",
}

# The help inbox (staff pages) in Arabic (drafts).
HELP_AR = {
    "Note": "ملاحظة",
    "Status": "الحالة",
    "Recipient": "الجهة المستلمة",
    "Choose a recipient your organisation has registered.": "اختاري جهة مستلمة سجّلتها منظمتك.",
    "What she agrees to share": "ما توافق على مشاركته",
    "Purpose": "الغرض",
    "Consent ends on": "تنتهي الموافقة في",
    "How she gave consent": "كيف أعطت موافقتها",
    "Language she gave it in (code, e.g. fa)": "اللغة التي أعطت بها الموافقة (رمز، مثل fa)",
    "Give a language code such as fa, ar or pt-BR.": "اكتبي رمز لغة مثل fa أو ar أو pt-BR.",
    "Interpreter (name or ID), if any": "المترجم (الاسم أو الرقم)، إن وُجد",
    "Request": "الطلب",
    "Back to requests": "العودة إلى الطلبات",
    "Request received %(day)s": "وصل الطلب في %(day)s",
    "Needs": "الاحتياجات",
    "Language": "اللغة",
    "referred by %(name)s": "أحالته %(name)s",
    "What she wrote": "ما كتبته",
    "Safe times": "الأوقات الآمنة",
    "May leave a message": "يمكن ترك رسالة",
    "Message": "الرسالة",
    "Notes shared by the referring organisation": "ملاحظات شاركتها المنظمة المُحيلة",
    "Notes": "الملاحظات",
    "No notes yet.": "لا ملاحظات بعد.",
    "The sealed parts cannot be opened: your copy of the organisation's key is not open in this session.": "لا يمكن فتح الأجزاء المختومة: نسختك من مفتاح المنظمة غير مفتوحة في هذه الجلسة.",
    "Keys and recipients": "المفاتيح والجهات المستلمة",
    "Set status": "تحديد الحالة",
    "Add note": "إضافة ملاحظة",
    "Consent and sharing": "الموافقة والمشاركة",
    "Share now under this consent": "المشاركة الآن بموجب هذه الموافقة",
    "Withdraw": "سحب",
    "No consent recorded.": "لم تُسجّل أي موافقة.",
    "Shared so far": "ما تمت مشاركته حتى الآن",
    "Nothing shared.": "لم تتم مشاركة أي شيء.",
    "Record her consent": "تسجيل موافقتها",
    "Ask her in her language, explain who will receive what and why, and that she can say no and withdraw later: saying no does not change the help she gets here.": "اسأليها بلغتها، واشرحي من سيستلم ماذا ولماذا، وأنها تستطيع الرفض والسحب لاحقًا: الرفض لا يغيّر المساعدة التي تحصل عليها هنا.",
    "Record consent": "تسجيل الموافقة",
    "Requests": "الطلبات",
    "You do not receive requests for any organisation.": "لا تستلمين طلبات لأي منظمة.",
    "Requests to %(name)s": "الطلبات إلى %(name)s",
    "Names and messages are sealed, and your copy of the organisation's key is not open in this session. See Keys and recipients.": "الأسماء والرسائل مختومة، ونسختك من مفتاح المنظمة غير مفتوحة في هذه الجلسة. انظري «المفاتيح والجهات المستلمة».",
    "Show:": "عرض:",
    "all": "الكل",
    "sealed": "مختوم",
    "No requests.": "لا طلبات.",
    "Newer": "الأحدث",
    "Older": "الأقدم",
    "Status changed.": "تم تغيير الحالة.",
    "Choose one of the listed statuses.": "اختاري إحدى الحالات المذكورة.",
    "Note added.": "تمت إضافة الملاحظة.",
    "Consent recorded.": "تم تسجيل الموافقة.",
    "Your organisation's key is not open in this session, so nothing can be shared.": "مفتاح منظمتك غير مفتوح في هذه الجلسة، لذلك لا يمكن مشاركة أي شيء.",
    "Shared with %(recipient)s.": "تمت المشاركة مع %(recipient)s.",
    "Consent withdrawn.": "تم سحب الموافقة.",
}

APP_CATALOGUES[("firewall", "ar")] = FIREWALL_AR
APP_CATALOGUES[("help", "ar")] = HELP_AR


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for code, table in CATALOGUES.items():
        path = root / "locale" / code / "LC_MESSAGES" / "django.po"
        count = fill(path, table, code)
        sys.stdout.write(f"{code}: {count} filled\n")
    fill_apps(root)
