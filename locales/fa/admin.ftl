# admin
# صفحه‌های مدیریت. کلیدها با admin- شروع می‌شوند؛ پیامی که نشانه‌گذاری (<code>) دارد همان‌طور نمایش داده می‌شود: برچسب‌ها را نگه دارید.

## زبانه‌ها و نمای کلی (_nav.html, overview.html, _health.html)
admin-title = مدیریت
admin-nav-label = مدیریت
admin-menu = منوی مدیریت
admin-pages = صفحه‌های مدیریت
admin-nav-overview = نمای کلی
admin-nav-compose = پیام همگانی جدید
admin-nav-history = تاریخچه
admin-nav-topics = موضوع‌ها
admin-nav-users = کاربران
admin-nav-groups = گروه‌ها
admin-nav-audit = گزارش ممیزی
admin-nav-tokens = توکن‌های API
admin-nav-webhooks = وب‌هوک‌ها
admin-bot-not-configured = ربات پیکربندی نشده است (<code>TELEGRAM_BOT_TOKEN</code> تنظیم نشده): پیام‌ها در صف قرار می‌گیرند اما ارسال نمی‌شوند.
admin-stat-users = کاربر
admin-stat-linked = پیوندخورده به تلگرام
admin-stat-waiting = پیام در انتظار ارسال
admin-queue-heading = صف ارسال
admin-events-heading = پیوندها و لغو پیوندهای اخیر
admin-events-none = هنوز هیچ‌کس تلگرام را پیوند نداده است.
admin-col-user = کاربر
admin-col-event = رویداد
admin-col-how = چگونه
admin-col-when = زمان
admin-event-linked = پیوند برقرار شد
admin-event-unlinked = پیوند لغو شد
admin-via-bot = تأیید در ربات
admin-via-telegram-login = با ورود تلگرام
admin-via-page = در صفحهٔ اتصال
admin-via-stop = با /stop
admin-via-blocked = ربات را مسدود کرد
admin-via-send-forbidden = یک ارسال رد شد (403)
admin-via-chat-not-found = گفتگو دیگر وجود ندارد
admin-via-account-deleted = حساب حذف شد
admin-via-admin = توسط یک مدیر
admin-via-api = توسط سایت، از راه API
admin-via-disabled = حساب غیرفعال شد
admin-via-removed = ربات حذف شد
admin-via-no-posting = ربات دیگر اجازهٔ انتشار ندارد
admin-health-worker = پردازشگر ارسال
admin-health-running = در حال اجرا
admin-health-idle = بیکار یا متوقف
admin-health-rate = سرعت ارسال
admin-health-per-second = پیام در ثانیه
admin-health-rate-limited = محدودیت سرعت از سوی تلگرام
admin-health-paused-until = متوقف تا { $until }
admin-health-no = خیر
admin-health-last-error = آخرین خطا
admin-health-none = هیچ

## پیام همگانی جدید (compose.html, _message_fields.html, _zone_field.html, compose.rs)
admin-compose-bot-not-configured = ربات پیکربندی نشده است: این پیام همگانی تا تنظیم <code>TELEGRAM_BOT_TOKEN</code> در صف می‌ماند.
admin-message = پیام
admin-text-help = تا { $max } نویسه، به شمارش تلگرام، به‌صورت یک پیام فرستاده می‌شود؛ متن بلندتر در چند پیام (حداکثر { $parts }) و با برش میان بندها فرستاده می‌شود.
admin-format = قالب
admin-format-plain = متن ساده
admin-format-plain-hint = (دقیقاً همان‌طور که نوشته شده فرستاده می‌شود)
admin-format-markdown-hint = (**پررنگ**، _کج_، ~~خط‌خورده~~، `کد`، [یک پیوند](https://example.com)، فهرست‌ها و نقل‌قول با >)
admin-format-html-hint = (<b> <i> <u> <s> <a href> <code> <pre> <blockquote> <tg-spoiler>؛ برای نویسهٔ < بنویسید &lt;)
admin-topic = موضوع
admin-topic-none = هیچ: همهٔ پیوندخورده‌ها
admin-topic-critical-mark = (حیاتی)
admin-topic-help = با انتخاب موضوع، فقط اعضایی که آن را دریافت می‌کنند پیام را می‌گیرند، همراه با دکمه‌ای برای بی‌صدا کردن موضوع. موضوع حیاتی به همهٔ پیوندخورده‌ها می‌رسد.
admin-delivery = تحویل
admin-silent = بی‌صدا
admin-silent-hint = (بدون صدا می‌رسد: برای خبرهای کم‌اهمیت)
admin-protected = محافظت‌شده
admin-protected-hint = (قابل بازارسال یا ذخیره نیست)
admin-to-groups = در گروه‌ها و کانال‌های متصل هم منتشر شود
admin-to-groups-connected = { $count } متصل
admin-to-groups-see = مشاهده
admin-to-groups-unfiltered = موضوع‌ها آن‌ها را فیلتر نمی‌کنند
admin-buttons = دکمه‌ها
admin-buttons-hint = (اختیاری: هر کدام یک برچسب و یک نشانی https://)
admin-button-label = برچسب دکمهٔ { $n }
admin-button-placeholder = برچسب
admin-button-address = نشانی دکمهٔ { $n }
admin-button-n = دکمهٔ { $n }
admin-when = زمان
admin-send-at = ارسال در
admin-send-at-hint = (خالی: همین حالا)
admin-time-zone = منطقهٔ زمانی
admin-time-zone-hint = (برای جستجو نام یک شهر را بنویسید)
admin-preview = پیش‌نمایش
admin-preview-empty = پیام شما اینجا همان‌طور که تلگرام نشان می‌دهد ظاهر می‌شود.
admin-reaches-before = اکنون به
admin-reaches-after = می‌رسد.
admin-send-confirm = این پیام همین حالا در تلگرام برای { $reach } فرستاده شود؟
admin-send-now = ارسال برای { $reach } همین حالا
admin-test-me = ارسال آزمایشی برای خودم
admin-test-me-link-first = ابتدا تلگرام را پیوند دهید:
admin-test-admins = آزمایش: ارسال فقط برای { $count } مدیر
admin-users-count = { $count ->
       *[other] { $shown } کاربر
    }
admin-nobody-topic = هنوز هیچ‌کس موضوع { $topic } را دریافت نمی‌کند: هیچ عضو پیوندخورده‌ای آن را انتخاب نکرده است{ $default ->
        [off] ، و این موضوع به‌طور پیش‌فرض خاموش است
       *[on] {""}
    }.
admin-nobody-linked = هنوز کسی برای ارسال نیست: هیچ عضوی تلگرام را پیوند نداده است.
admin-form-stale = این فرم قدیمی شده است؛ دوباره ارسالش کنید.
admin-sent-as-parts = در { $parts } پیام فرستاده می‌شود (تلگرام در هر پیام { $max } نویسه را می‌پذیرد).
admin-test-needs-link = ابتدا تلگرام خود را پیوند دهید (اتصال تلگرام): پیام آزمایشی به گفتگوی خود شما می‌رود.
admin-test-on-its-way = پیام آزمایشی در راه تلگرام شماست.
admin-sending-test-admins = در حال ارسال آزمایشی برای مدیران پیوندخورده ({ $reach }).
admin-scheduled-for = برای { $at } زمان‌بندی شد: با وضعیت کنونی به { $reach } می‌رسد.
admin-sending-to = در حال ارسال برای { $reach }.
admin-queued-already = این پیام همگانی از قبل در صف بود: این هم خودش.
admin-topic-choose = یک موضوع از فهرست انتخاب کنید.
admin-topic-gone = این موضوع دیگر وجود ندارد؛ موضوع دیگری انتخاب کنید.
admin-send-at-invalid = تاریخ و ساعتی مانند 2026-12-24T18:00 وارد کنید.
admin-zone-invalid = منطقهٔ زمانی این ساعت را انتخاب کنید.
admin-time-skipped = این ساعت در آن منطقهٔ زمانی وجود ندارد (با تغییر ساعت از آن عبور می‌شود).
