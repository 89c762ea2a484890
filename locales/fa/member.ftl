# member
# صفحه‌های عضو: خانه، ثبت‌نام، اتصال تلگرام، پیوندهای ورود، ورود با تلگرام، ویجت، صفحه‌های خطا، /account/*، محیط آزمایشی. کلیدها با member- شروع می‌شوند.
# لحن رسمی، با «شما»، مانند بقیهٔ سایت. پیامی که نشانه‌گذاری دارد (<strong>، <code>) همان‌طور نمایش داده می‌شود: برچسب‌ها را نگه دارید. متغیرها از پیش امن‌سازی شده‌اند.

## خانه (home.html)
member-home-title = خوش آمدید
member-home-hello = سلام { $username }
member-home-linked = پیام‌های این سایت در تلگرام با نام <strong>{ $telegram }</strong> به دستتان می‌رسد.
member-home-choose-topics = انتخاب موضوع‌ها و ساعت‌های سکوت
member-home-connect-lead = اعلان‌های این سایت را در تلگرام دریافت کنید: حسابتان را در چند ثانیه متصل کنید.
member-home-heading = اعلان‌های شما، در تلگرام
member-home-lead = یک حساب بسازید، روی یک پیوند بزنید، در تلگرام تأیید کنید — و این سایت می‌تواند همان‌جا که هستید به شما پیام بدهد.
member-home-how = چطور کار می‌کند
member-home-step-signup = با یک نام کاربری و گذرواژه <strong>ثبت‌نام کنید</strong>.
member-home-step-connect = <strong>اتصال تلگرام را باز کنید</strong> و روی دکمه بزنید، یا کد QR را با گوشی‌تان اسکن کنید.
member-home-step-confirm = <strong>در ربات تأیید کنید</strong>. همین: اطلاعیه‌ها به‌صورت پیام تلگرام می‌رسند.

## ثبت‌نام و گذرواژه (signup.html, telegram_signup.html, account/_new_password.html)
member-signup-heading = حساب خود را بسازید
member-username-help = ۳ تا ۳۲ حرف لاتین، رقم، _ . یا -
member-password-confirm = تکرار گذرواژه
member-password-help = دست‌کم ۱۰ نویسه. چند واژه که به خاطر می‌سپارید گزینهٔ خوبی است.
member-create-account = ساخت حساب
member-signup-have-account = از قبل حساب دارید؟
member-telegram-signup-intro = حساب تازهٔ شما در { $site } به حساب تلگرام <strong>{ $telegram }</strong> پیوند می‌خورد و با تلگرام وارد می‌شوید. نام کاربری خود را انتخاب کنید:
member-telegram-signup-no-password = گذرواژه لازم نیست؛ بعداً می‌توانید از راه <strong>گذرواژه را فراموش کرده‌اید؟</strong> یکی تنظیم کنید (پیوندش به همین گفتگوی تلگرام می‌آید).

## اتصال تلگرام (connect.html, connect_unlink.html)
member-connect-unlinked = پیوند حساب تلگرام شما لغو شد. دیگر پیامی از { $site } در تلگرام دریافت نمی‌کنید.
member-connected-to = متصل به <strong>{ $name }</strong>
member-connect-sends = { $site } اطلاعیه‌ها و اعلان‌ها را به این حساب تلگرام می‌فرستد. در گفتگو، برای بررسی <code>/whoami</code> و برای لغو پیوند از همان‌جا <code>/stop</code> را بفرستید.
member-connect-sends-since = { $site } اطلاعیه‌ها و اعلان‌ها را به این حساب تلگرام می‌فرستد (پیوند از { $since }). در گفتگو، برای بررسی <code>/whoami</code> و برای لغو پیوند از همان‌جا <code>/stop</code> را بفرستید.
member-connect-next = گام بعد: آن را مال خودتان کنید
member-connect-next-topics = موضوع‌هایتان را انتخاب کنید
member-connect-next-topics-hint = فقط آنچه می‌خواهید بشنوید
member-connect-next-quiet = ساعت‌های سکوت را تنظیم کنید
member-connect-next-quiet-hint = شب‌ها بی‌صدا
member-connect-unlink-button = لغو پیوند تلگرام…
member-connect-not-configured = ربات تلگرام هنوز در این سایت پیکربندی نشده است. از مدیر سایت بخواهید <code>TELEGRAM_BOT_TOKEN</code> را تنظیم کند.
member-connect-lead = اطلاعیه‌ها و اعلان‌های { $site } را در تلگرام دریافت کنید: حساب تلگرام خود را با دو ضربه پیوند دهید.
member-open-in-telegram = باز کردن در تلگرام
member-connect-opens-chat = تلگرام گفتگویی با <strong>@{ $bot }</strong> باز می‌کند: روی <strong>شروع</strong> و سپس <strong>تأیید</strong> بزنید.
member-connect-waiting = در انتظار تأیید شما در تلگرام… این صفحه خودش به‌روز می‌شود.
member-connect-fallback = گفتگو باز شد ولی درخواست پیوند نکرد؟
member-start-help = تلگرام دسکتاپ گاهی پیوند را جا می‌اندازد. این پیام را برای { $bot } بفرستید:
member-copy = رونوشت
member-copied-short = رونوشت شد
member-copied = در حافظهٔ موقت رونوشت شد. آن را در گفتگو با ربات بچسبانید.
member-copy-selected = انتخاب شد: برای رونوشت Ctrl+C (یا ⌘C) را بزنید.
member-qr-heading = پشت رایانه هستید؟ با گوشی اسکن کنید
member-qr-alt = کد QR پیوند «باز کردن در تلگرام». برای باز کردن @{ $bot } آن را با دوربین گوشی اسکن کنید.
member-qr-hint = دوربین گوشی را به سمت کد بگیرید تا ربات روی گوشی باز شود.
member-connect-valid-for = این پیوند تا { $duration }، فقط یک بار و فقط برای حساب شما کار می‌کند. بارگذاری دوبارهٔ صفحه همین پیوند را نگه می‌دارد.
member-duration-less-than-minute = کمتر از یک دقیقهٔ دیگر
member-duration-minutes = { $minutes ->
        [one] { $minutes } دقیقهٔ دیگر
       *[other] { $minutes } دقیقهٔ دیگر
    }
member-duration-hours = { $hours ->
        [one] حدود { $hours } ساعت دیگر
       *[other] حدود { $hours } ساعت دیگر
    }
member-connect-webhook-refused = پیوند دادن متوقف شده است: تلگرام هنوز پیام‌ها را به ربات این سایت نمی‌رساند، چون نشانی سایت را نپذیرفته است. گردانندهٔ سایت علت را در گزارش‌ها می‌بیند. وقتی مشکل حل شود، این صفحه خودش به‌روز می‌شود.
member-connect-unreachable = اکنون به تلگرام دسترسی نداریم، پس پیوند دادن متوقف است. همچنان تلاش می‌کنیم؛ وقتی ربات برگردد، این صفحه خودش به‌روز می‌شود.
member-connect-starting = ربات تلگرام در حال راه‌اندازی است. این صفحه تا لحظه‌ای دیگر خودش به‌روز می‌شود.
member-groups-heading = گروه‌ها و کانال‌ها
member-groups-disconnected = اتصال قطع شد. پیام‌های همگانی دیگر آنجا نمی‌روند؛ ربات تا وقتی که حذفش نکنید در گفتگو می‌ماند.
member-groups-intro = اطلاعیه‌های { $site } را در گروه یا کانالی از تلگرام که عضوش هستید منتشر کنید. تلگرام می‌پرسد کدام گفتگو؛ در کانال، به ربات اجازهٔ <strong>ارسال پیام</strong> بدهید. در گروهی که موضوع دارد، یکی از مدیران در موضوعی که اطلاعیه‌ها باید به آن بروند <code>/here</code> را می‌فرستد.
member-groups-add-group = افزودن به یک گروه
member-groups-add-channel = افزودن به یک کانال
member-groups-link-again = برای متصل کردن موارد بیشتر، حساب تلگرام خود را دوباره پیوند دهید.
member-groups-none = هنوز هیچ گروه یا کانالی متصل نشده است.
member-groups-chat-facts = { $kind ->
        [channel] کانال
        [supergroup] ابرگروه
       *[group] گروه
    }{ $topic ->
        [yes] ، در یک موضوع
       *[no] {""}
    }، از { $since }
member-groups-disconnect = قطع اتصال
member-connect-oidc-heading = یا با ورود تلگرام پیوند دهید
member-connect-oidc-text = تلگرام از شما می‌خواهد اجازه دهید { $site } حسابتان را بشناسد و به شما پیام بدهد؛ همین که اجازه دهید، حسابتان بدون گام گفتگو پیوند می‌خورد.
member-connect-oidc-button = پیوند با ورود تلگرام
member-unlink-title = پیوند تلگرام لغو شود؟
member-unlink-text = { $site } دیگر اطلاعیه و اعلانی به <strong>{ $telegram }</strong> نمی‌فرستد و پیام‌هایی که در صف ارسال به آن هستند کنار گذاشته می‌شوند. هر وقت بخواهید می‌توانید دوباره پیوند دهید.
member-unlink-confirm = لغو پیوند { $telegram }
member-unlink-keep = پیوند بماند

## پیوندهای ورود یک‌بارمصرف (signin_link.html)
member-link-sent-heading = تلگرام را ببینید
member-link-sent-text = اگر <strong>{ $username }</strong> حساب تلگرام پیوندخورده داشته باشد، یک پیوند ورود در راه آن گفتگوست. فقط یک بار و تا ۱۰ دقیقه کار می‌کند.
member-back-to-login = بازگشت به ورود
member-link-confirm = با نام { $username } وارد می‌شوید؟
member-link-confirm-button = ورود با نام { $username }
member-link-broken-heading = این پیوند کار نمی‌کند
member-link-broken-text = قبلاً استفاده شده یا منقضی شده است. از صفحهٔ ورود پیوند تازه‌ای بخواهید.

## ورود با تلگرام (telegram_login.html)
member-tglogin-lead = پیوند را در تلگرام باز کنید و در گفتگو با <strong>@{ $bot }</strong> روی <strong>تأیید</strong> بزنید. این صفحه خودش شما را وارد می‌کند.
member-tglogin-waiting = در انتظار تأیید شما در تلگرام… این صفحه خودش به‌روز می‌شود.
member-tglogin-fallback = گفتگو باز شد ولی چیزی نپرسید؟
member-tglogin-terms = این پیوند فقط یک بار، تا ۵ دقیقه، و فقط برای همین مرورگر کار می‌کند. حساب تلگرام شما باید به حسابتان در { $site } پیوند داشته باشد{ $signup ->
        [on] ، یا می‌توانید از راه تلگرام حساب تازه‌ای بسازید
       *[off] {""}
    }.
member-tglogin-bot-unreachable = اکنون به ربات تلگرام دسترسی نیست. کمی بعد دوباره امتحان کنید، یا با گذرواژه وارد شوید.
member-tglogin-approved = در تلگرام تأیید شد. در حال ورود…
member-tglogin-denied = ورود در تلگرام رد شد. کسی وارد نشد.
member-tglogin-expired = پیوند ورود پیش از تأیید منقضی شد. برای گرفتن پیوند تازه دوباره شروع کنید.
member-tglogin-unlinked = آن حساب تلگرام به هیچ حسابی در { $site } پیوند ندارد{ $signup ->
        [on] {""}
       *[off] ، و اینجا نمی‌توان از راه تلگرام حساب تازه ساخت
    }. با گذرواژه وارد شوید، سپس تلگرام را در <strong>اتصال تلگرام</strong> پیوند دهید.
member-tglogin-refused = این حساب نمی‌تواند وارد شود. شاید غیرفعال شده باشد: با مدیران سایت تماس بگیرید.
member-tglogin-used = این پیوند ورود قبلاً استفاده شده است. برای گرفتن پیوند تازه دوباره شروع کنید.
member-tglogin-throttled = تلاش‌های ورود زیادی از شبکهٔ شما انجام شده است. ۱۵ دقیقه صبر کنید و دوباره امتحان کنید.
member-tglogin-unavailable = ورود با تلگرام اکنون در دسترس نیست: ربات تلگرام سایت آماده نیست. با گذرواژه وارد شوید، یا کمی بعد دوباره امتحان کنید.
member-try-again = دوباره امتحان کنید
member-tglogin-password-instead = به‌جای آن با گذرواژه وارد شوید

## ویجت اتصال (widget.html, linking/widget.rs)
member-widget-linked = { $site } اعلان‌های شما را به این حساب تلگرام می‌فرستد. برای لغو پیوند، در گفتگو <code>/stop</code> را بفرستید.
member-widget-not-configured = ربات تلگرام هنوز پیکربندی نشده است.
member-widget-lead = اعلان‌های { $site } را در تلگرام دریافت کنید.
member-widget-send-this = یا این پیام را بفرستید
member-widget-start-help = اگر گفتگو بدون درخواست پیوند باز شد، این را برای { $bot } بفرستید:
member-widget-scan = یا با گوشی اسکن کنید
member-widget-waiting = در انتظار تأیید شما در تلگرام… خودش به‌روز می‌شود.
member-widget-starting = ربات تلگرام در حال راه‌اندازی است یا در دسترس نیست. خودش به‌روز می‌شود.
member-widget-disabled = ویجت اتصال در این tglink فعال نیست.
member-widget-expired = این پیوند اتصال منقضی شده است. صفحه‌ای را که پیوند در آن است دوباره بارگذاری کنید تا پیوند تازه بگیرید.
member-widget-invalid = این پیوند اتصال معتبر نیست. صفحه‌ای را که پیوند در آن است دوباره بارگذاری کنید؛ اگر درست نشد، به سایت خبر دهید.

## صفحه‌های خطا (error.html, web/mod.rs, accounts/auth.rs, accounts/csrf.rs)
member-error-back = بازگشت به صفحهٔ نخست
member-error-not-found = پیدا نشد
member-error-busy = سایت اکنون بسیار مشغول است
member-error-busy-text = سایت در این لحظه کار زیادی دارد. لطفاً چند ثانیهٔ دیگر دوباره امتحان کنید.
member-error-unexpected = مشکلی پیش آمد
member-error-unexpected-text = مشکلی در سمت ما پیش آمد. لطفاً کمی بعد دوباره امتحان کنید.
member-error-account-text = نتوانستیم حساب شما را بارگذاری کنیم. لطفاً کمی بعد دوباره امتحان کنید.
member-error-no-page = صفحه پیدا نشد
member-error-no-page-text = در این نشانی چیزی نیست. پیوند را بررسی کنید، یا از صفحهٔ نخست دوباره شروع کنید.
member-error-admins-only = فقط برای مدیران
member-error-admins-only-text = این صفحه برای مدیران سایت است.
member-error-form-expired = این فرم منقضی شده است
member-error-form-expired-text = برای امنیت شما کاری با آن انجام ندادیم. برگردید، صفحه را دوباره بارگذاری کنید و دوباره امتحان کنید.
member-error-oidc-off = ورود با تلگرام در این سایت راه‌اندازی نشده است.

## /account/password و نشست‌ها (account/password.html, account/sessions.html)
member-back-to-account = بازگشت به حساب شما
member-password-intro = با تغییر گذرواژه، همهٔ مرورگرهای دیگری که وارد حساب شما هستند خارج می‌شوند.
member-password-current = گذرواژهٔ فعلی
member-password-new = گذرواژهٔ تازه
member-password-new-confirm = تکرار گذرواژهٔ تازه
member-password-wrong = این گذرواژهٔ فعلی شما نیست.
member-password-too-many = گذرواژه‌های نادرست زیادی وارد شد. ۱۵ دقیقه صبر کنید و دوباره امتحان کنید.
member-password-changed-notice = گذرواژهٔ حساب <b>{ $username }</b> شما در { $site } در { $at } از { $browser } تغییر کرد و همهٔ نشست‌های دیگر بسته شدند. اگر شما نبودید، گذرواژهٔ خود را بازنشانی کنید و به مدیران سایت خبر دهید.
member-sessions-intro = مرورگرهایی که وارد حساب شما هستند. هر کدام را که نمی‌شناسید ببندید، سپس گذرواژهٔ خود را تغییر دهید.
member-sessions-this-device = همین دستگاه
member-sessions-signed-in = ورود در { $at }
member-sessions-signed-in-unknown = ورود: —
member-sessions-from = از { $address }
member-sessions-last-seen = آخرین فعالیت در { $at }
member-sessions-last-seen-recent = آخرین فعالیت در یک ساعت گذشته
member-sessions-sign-out = خروج
member-sessions-sign-out-label = خروج از { $browser }
member-sessions-sign-out-this = خروج از { $browser } (همین دستگاه)
member-sessions-unlisted = برخی نشست‌های قدیمی‌تر را نمی‌توان یکی‌یکی فهرست کرد؛ «خروج از همهٔ جاهای دیگر» آنها را هم می‌بندد.
member-sessions-end-others = خروج از همهٔ جاهای دیگر
member-unknown-browser = مرورگر ناشناخته

## /account/notifications (account/notifications.html, notifications.rs)
member-notif-no-topics = این سایت همه‌چیز را برای همهٔ اعضای پیوندخورده می‌فرستد: هنوز موضوعی برای انتخاب ندارد.
member-notif-intro = انتخاب کنید این سایت چه چیزهایی را در تلگرام برایتان بفرستد. این را در گفتگو با ربات هم می‌توانید تغییر دهید: <code>/settings</code> را بفرستید.
member-notif-topics = موضوع‌ها
member-notif-critical = مهم: همیشه فرستاده می‌شود.
member-notif-quiet = ساعت‌های سکوت
member-notif-quiet-about = پیام‌هایی که در ساعت‌های سکوت می‌رسند بی‌صدا می‌آیند. پیام‌های مهم همچنان صدا دارند.
member-notif-quiet-on = بی‌صدا کردن پیام‌ها در شب
member-notif-from = از
member-notif-until = تا
member-notif-zone = منطقهٔ زمانی شما
member-notif-zone-choose = انتخاب کنید…
member-notif-zone-hint = زمان‌ها در صفحه‌های این سایت هم با آن نمایش داده می‌شوند.
member-notif-saved = تنظیمات اعلان شما ذخیره شد.
member-notif-quiet-saved = ساعت‌های سکوت شما ذخیره شد.
member-notif-time-error = { $field }: { $problem }
member-notif-time-invalid = زمانی مانند 22:00 وارد کنید.
member-notif-same-times = آغاز و پایان ساعت‌های سکوت باید با هم فرق داشته باشند.
member-notif-zone-invalid = منطقهٔ زمانی خود را از فهرست انتخاب کنید.

## حذف حساب (account/delete.html)
member-delete-done = حساب شما حذف شد
member-delete-done-text = نشست‌هایتان بسته شد، پیوند گفتگوی تلگرامتان لغو شد و نام و گذرواژه‌تان پاک شد. از اینکه با ما بودید سپاسگزاریم.
member-home-link = خانه
member-delete-last-admin = شما آخرین مدیر سایت هستید. ابتدا عضو دیگری را مدیر کنید، سپس برگردید.
member-delete-intro = با این کار از همه‌جا خارج می‌شوید، پیوند گفتگوی تلگرامتان لغو می‌شود و نام و گذرواژه‌تان پاک می‌شود. این کار برگشت‌پذیر نیست.
member-delete-password = گذرواژهٔ شما، برای تأیید
member-delete-button = حذف حساب من

## بازنشانی گذرواژه (account/reset.html, account/reset_request.html)
member-reset-heading = گذرواژهٔ تازه انتخاب کنید
member-reset-invalid = این پیوند دیگر کار نمی‌کند
member-reset-invalid-text = پیوندهای بازنشانی گذرواژه فقط یک بار، تا ۱۵ دقیقه، و فقط آخرین پیوند فرستاده‌شده کار می‌کنند.
member-reset-new-link = فرستادن پیوند تازه
member-reset-for = برای حساب <strong>{ $username }</strong>. همهٔ مرورگرهایی که وارد آن هستند خارج می‌شوند.
member-reset-set = ثبت گذرواژهٔ تازه
member-reset-sent = درخواست دریافت شد. اگر حسابی که نام بردید به تلگرام پیوند داشته باشد، اکنون در گفتگویش با ربات ما پیوندی برای انتخاب گذرواژهٔ تازه هست. این پیوند فقط یک بار و تا ۱۵ دقیقه کار می‌کند.
member-reset-no-message = پیامی نیامد؟ حسابی که به تلگرام پیوند ندارد از این راه بازیابی نمی‌شود: از مدیران سایت بخواهید گذرواژهٔ شما را بازنشانی کنند.
member-reset-intro = پیوندی برای انتخاب گذرواژهٔ تازه به گفتگوی تلگرامی که به حساب شما پیوند دارد می‌فرستیم.
member-reset-send = یک پیوند در تلگرام برایم بفرست

## پیام‌هایی که سایت به گفتگوی عضو می‌فرستد (HTML تلگرام: برچسب‌ها را نگه دارید؛ متغیرها امن‌سازی شده‌اند)
member-chat-sign-in-link = کسی خواسته است بدون گذرواژه با نام <b>{ $username }</b> وارد <b>{ $site }</b> شود. اگر خودتان بودید، این پیوند را ظرف ۱۰ دقیقه باز کنید (فقط یک بار کار می‌کند):
    { $url }

    اگر شما نبودید، این پیام را نادیده بگیرید: بدون این پیوند اتفاقی نمی‌افتد.
member-chat-reset-link = کسی خواسته است گذرواژهٔ حساب <b>{ $username }</b> شما در <b>{ $site }</b> بازنشانی شود. اگر خودتان بودید، این پیوند را ظرف ۱۵ دقیقه باز کنید تا گذرواژهٔ تازه‌ای انتخاب کنید (فقط یک بار کار می‌کند):
    { $url }

    اگر شما نبودید، این پیام را نادیده بگیرید: گذرواژهٔ شما همان می‌ماند.
member-chat-account-created = حساب ساخته شد ✓

    این حساب تلگرام اکنون به حساب تازهٔ شما، <b>{ $username }</b>، در { $site } پیوند دارد و در آن مرورگر وارد شده‌اید. برای دیدن کارهایی که می‌توانم انجام دهم /help را بفرستید.

## خطاهای فرم (accounts/domain.rs, signin/)
member-username-too-short = نام کاربری‌ای با دست‌کم ۳ نویسه انتخاب کنید.
member-username-too-long = نام کاربری حداکثر ۳۲ نویسه می‌تواند داشته باشد.
member-username-characters = در نام کاربری فقط از حروف لاتین (a–z)، رقم‌ها و _ . - استفاده کنید.
member-username-taken = این نام کاربری گرفته شده است. نام دیگری انتخاب کنید.
member-password-unusable = این گذرواژه قابل استفاده نیست.
member-password-too-short = گذرواژه‌ای با دست‌کم ۱۰ نویسه انتخاب کنید.
member-password-too-long = گذرواژه حداکثر ۱۰۲۴ نویسه می‌تواند داشته باشد.
member-password-mismatch = دو گذرواژه با هم یکی نیستند.
member-too-many-signups = ثبت‌نام‌های زیادی از شبکهٔ شما انجام شده است. ۱۵ دقیقه صبر کنید و دوباره امتحان کنید.
member-login-wrong = نام کاربری یا گذرواژه نادرست است.
member-login-too-many = تلاش‌های ناموفق زیادی انجام شده است. ۱۵ دقیقه صبر کنید و دوباره امتحان کنید.
member-account-disabled = این حساب غیرفعال است. با مدیران سایت تماس بگیرید.

## ورود تلگرام (OpenID Connect): چگونه پایان یافت (signin/oidc/routes.rs)
member-oidc-linked = حساب تلگرام شما پیوند خورد.
member-oidc-denied = ورود را در تلگرام لغو کردید، پس چیزی تغییر نکرد.
member-oidc-provider-error = تلگرام نتوانست ورود را کامل کند. لطفاً کمی بعد دوباره امتحان کنید.
member-oidc-unavailable = اکنون به سرویس ورود تلگرام دسترسی نیست. لطفاً کمی بعد دوباره امتحان کنید.
member-oidc-expired = این ورود با تلگرام در این مرورگر آغاز نشده، بیش از ۱۰ دقیقه طول کشیده یا قبلاً استفاده شده است. لطفاً دوباره شروع کنید.
member-oidc-refused = پاسخ تلگرام قابل تأیید نبود، پس کاری انجام نشد. لطفاً دوباره شروع کنید.
member-oidc-unknown = این حساب تلگرام به هیچ حسابی در اینجا پیوند ندارد. با گذرواژه وارد شوید، سپس تلگرام را در صفحهٔ اتصال تلگرام پیوند دهید.
member-oidc-too-many = ورودهای زیادی با تلگرام از شبکهٔ شما انجام شده است. ۱۵ دقیقه صبر کنید و دوباره امتحان کنید.
member-oidc-already-linked = این حساب تلگرام از قبل به حساب شما پیوند داشت.
member-oidc-taken = این حساب تلگرام به حساب دیگری در این سایت پیوند دارد. ابتدا پیوند آن را همان‌جا لغو کنید (یا /stop را برای ربات بفرستید)، سپس دوباره امتحان کنید.
member-oidc-account-has-link = حساب شما از قبل به یک حساب تلگرام پیوند دارد. برای پیوند حساب دیگر، ابتدا پیوند این یکی را لغو کنید.

## گفتگوی آزمایشی (sandbox/chat.html, static/sandbox.js)
member-sandbox-title = گفتگوی آزمایشی
member-sandbox-sub = تلگرام شبیه‌سازی‌شده
member-sandbox-intro = نقش کاربری از تلگرام را بازی کنید که با <strong>@{ $bot }</strong> گفتگو می‌کند. هر کاری اینجا بکنید، درست همان‌طور که تلگرام می‌فرستاد به tglink می‌رسد.
member-sandbox-ask = پیوندی به <strong>@{ $bot }</strong> را باز کردید. در تلگرام چه کسی هستید؟ یک کاربر شبیه‌سازی‌شده انتخاب کنید یا کاربر تازه‌ای بسازید.
member-sandbox-chatting-as = گفتگو با نام
member-sandbox-loading = در حال بارگذاری…
member-sandbox-new-user = کاربر شبیه‌سازی‌شدهٔ تازه
member-sandbox-first-name = نام
member-sandbox-username = نام کاربری تلگرام
member-sandbox-optional = (اختیاری)
member-sandbox-username-help = ۵ تا ۳۲ حرف لاتین، رقم یا _، مثلاً dana_k
member-sandbox-create-user = ساخت کاربر
member-sandbox-bot = ربات
member-sandbox-menu = منوی گفتگو
member-sandbox-block = مسدود کردن ربات
member-sandbox-unblock = رفع مسدودی ربات
member-sandbox-messages = پیام‌ها
member-sandbox-empty = هنوز پیامی اینجا نیست.
member-sandbox-start-help = پیوندی به @{ $bot } را باز کردید. اکنون تلگرام دکمهٔ «شروع» را نشان می‌داد: این دکمه <code id="start-text"></code> را برای ربات می‌فرستد.
member-sandbox-start = شروع
member-sandbox-message = پیام
member-sandbox-send = ارسال
member-sandbox-noscript = گفتگوی آزمایشی به جاوااسکریپت نیاز دارد. API جی‌سان در <code>/sandbox/api</code> بدون آن هم کار می‌کند (README را ببینید).
member-sandbox-answered = محیط آزمایشی پاسخ { $status } داد.
member-sandbox-choose = انتخاب کنید چه کسی هستید…
member-sandbox-no-users = هنوز کاربر شبیه‌سازی‌شده‌ای نیست: یکی بسازید
member-sandbox-you-are = اکنون شما { $name } هستید، یک کاربر تازهٔ تلگرام.
member-sandbox-blocked-state = این ربات را مسدود کرده‌اید
member-sandbox-create-first = برای شروع گفتگو یک کاربر شبیه‌سازی‌شده بسازید.
member-sandbox-from-bot = ربات:
member-sandbox-from-you = شما:
member-sandbox-edited = ویرایش‌شده
member-sandbox-spoiler = اسپویلر: برای دیدن انتخاب کنید
member-sandbox-you-blocked = ربات را مسدود کردید: نمی‌تواند به شما پیام بدهد.
member-sandbox-you-unblocked = مسدودی ربات را برداشتید.
