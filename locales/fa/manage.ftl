# manage
# صفحه‌های مدیریت پس از نوشتن پیام: تاریخچه، صفحهٔ یک پیام همگانی، کاربران، موضوع‌ها، وب‌هوک‌ها، گروه‌ها، توکن‌ها، ممیزی، گیرندگان، ویرایش، زمان‌بندی؛ پیام‌های مدیریت و admin.js. کلیدها با manage- شروع می‌شوند.
# پیامی که نشانه‌گذاری (<a>، <code>، <strong>) دارد همان‌طور نمایش داده می‌شود: برچسب‌ها و ویژگی‌هایشان را نگه دارید.

## مشترک
manage-pages = صفحه‌ها
manage-actions = کارها
manage-back = بازگشت
manage-next = بعدی ←
manage-previous = → قبلی
manage-no = خیر
manage-never = هرگز
manage-deleted-account = (حساب حذف‌شده)
manage-col-name = نام
manage-col-created = ایجاد
manage-save-changes = ذخیرهٔ تغییرات
manage-cancel = انصراف
manage-remove = حذف
manage-see-where = وضعیتش را ببینید.

## تاریخچه و صفحهٔ یک پیام همگانی (history.html, broadcast.html, _progress.html, broadcast_view.rs)
manage-broadcasts = پیام‌های همگانی
manage-history-empty = هنوز پیام همگانی‌ای نیست.
manage-history-write-first = اولین را بنویسید.
manage-broadcast-n = پیام همگانی شمارهٔ { $id }
manage-created-by = { $at }، از { $author }
manage-audience-test = فقط مدیران پیوندخورده (آزمایشی)
manage-audience-topic = موضوع
manage-audience-everyone = همهٔ پیوندخورده‌ها
manage-audience-and-groups = و گروه‌های متصل
manage-scheduled-for = زمان‌بندی‌شده برای { $at }
manage-newer = → جدیدتر
manage-older = قدیمی‌تر ←
manage-recipients-count = { $count ->
       *[other] { $shown } گیرنده
    }
manage-status-scheduled = زمان‌بندی‌شده
manage-status-sending = در حال ارسال
manage-status-sent = ارسال‌شده
manage-status-cancelled = لغوشده
manage-status-deleted = حذف‌شده
manage-status-nobody = گیرنده‌ای نیست
manage-progress-label = پیشرفت ارسال پیام همگانی { $id }
# $n عددی درون نشانه‌گذاری ماست: آن را جای عدد نگه دارید.
manage-count-sent = { $n } ارسال‌شده
manage-count-done = { $n } انجام‌شده
manage-count-pending = { $n } در انتظار
manage-count-blocked = { $n } مسدودکرده
manage-count-failed = { $n } ناموفق
manage-count-cancelled = { $n } لغوشده
manage-count-skipped = { $n } ردشده
manage-count-of = از { $total }
manage-deleted-on = در { $at } برای همه حذف شد.
# $href نشانی فرمی است که آن را تغییر می‌دهد.
manage-scheduled-alert = زمان‌بندی‌شده برای { $at }. <a href="{ $href }">متن یا زمان را تغییر دهید</a>، یا در پایین لغوش کنید.
manage-outcome-per-recipient = نتیجه برای هر گیرنده
manage-cancel-confirm = این پیام همگانی لغو شود؟ پیام‌هایی که هنوز نرفته‌اند فرستاده نمی‌شوند.
manage-cancel-broadcast = لغو پیام همگانی
manage-the-message = پیام
manage-edited-on = در { $at } ویرایش شد.
manage-part-of = بخش { $n } از { $total }
manage-source-html = کد HTML تلگرام
manage-source-text = متن همان‌طور که نوشته شد
manage-change-it = تغییر
manage-edit-text = ویرایش متن
manage-edit-in-place = متن تازه در همهٔ گفتگوهایی که پیام به آن‌ها رسیده، در همان پیام جایگزین می‌شود.
manage-delete-confirm = این پیام همگانی برای همه حذف شود؟ از همهٔ گفتگوهایی که به آن‌ها رسیده پاک می‌شود و برای بقیه فرستاده نمی‌شود.
manage-delete-everyone = حذف برای همه
manage-delete-window = تلگرام به ربات‌ها اجازه می‌دهد پیام‌هایشان را فقط تا ۴۸ ساعت پس از ارسال حذف کنند.
manage-delete-too-old = بیش از ۴۸ ساعت پیش فرستاده شده است: تلگرام دیگر اجازهٔ حذفش را به ربات نمی‌دهد.
manage-change-edit = ویرایش
manage-change-deletion = حذف
manage-change-edit-progress = پیشرفت ویرایش پیام همگانی { $id }
manage-change-deletion-progress = پیشرفت حذف پیام همگانی { $id }
manage-state-sending = در جریان
manage-state-done = انجام شد
manage-no-such-broadcast = چنین پیام همگانی‌ای وجود ندارد. شاید همراه با نویسنده‌اش حذف شده باشد.
manage-cancelled-already = از قبل لغو شده بود.
manage-cancelled = { $count ->
       *[other] لغو شد: { $shown } پیامی که هنوز نرفته بود فرستاده نمی‌شود.
    }

## ترجمه‌های یک پیام همگانی (_variants.html, _broadcast_variants.html)
manage-translations = ترجمه‌ها
manage-translations-hint = (اختیاری: اعضا ترجمهٔ زبان خود را می‌گیرند و بقیه پیام بالا را)
manage-translation-added = ترجمه: { $name } ({ $tag })
manage-translation-add = + افزودن ترجمه: { $name } ({ $tag })
manage-translation-message = پیام به { $name }
manage-translation-preview-empty = پیام { $name } اینجا همان‌طور که تلگرام نشان می‌دهد ظاهر می‌شود.
manage-translations-who = اعضایی که برای زبانشان ترجمه هست، ترجمه را می‌گیرند؛ بقیه، و گروه‌ها و کانال‌ها، پیام بالا را می‌گیرند.

## پیام‌های همگانی پولی (_paid_cost.html, paid_cost.rs)
# $shown همان $count است به شکل نوشته‌شده ("97,000"، "0.3").
manage-stars = { $count ->
       *[other] { $shown } ستاره
    }
# $estimate و $spent مقدار ستاره‌ها درون نشانه‌گذاری ما هستند.
manage-paid-estimate = پیام همگانی پولی با سرعت { $rate } پیام در ثانیه: حدود { $estimate }.
manage-paid-estimate-spent = پیام همگانی پولی با سرعت { $rate } پیام در ثانیه: حدود { $estimate }، و تا اینجا { $spent } خرج شده است.
manage-paid-help = تلگرام برای هر پیام بیش از حدود ۳۰ پیام رایگانِ هر ثانیه، ۰٫۱ ستاره می‌گیرد: با { $rate } پیام در ثانیه، { $above } پیام از هر { $rate } پیام هزینه دارد که از موجودی ستارهٔ ربات کم می‌شود.

## گیرندگان (recipients.html)
manage-recipients-title = گیرندگان پیام همگانی شمارهٔ { $id }
manage-recipients-heading = گیرندگان <a href="{ $href }">پیام همگانی شمارهٔ { $id }</a>
manage-filter-outcome = فیلتر بر اساس نتیجه
manage-outcome-all = همه
manage-outcome-pending = در انتظار
manage-outcome-sending = در حال ارسال
manage-outcome-sent = ارسال‌شده
manage-outcome-blocked = مسدودکرده
manage-outcome-failed = ناموفق
manage-outcome-cancelled = لغوشده
manage-no-recipients = گیرنده‌ای نیست.
manage-no-recipients-outcome = گیرنده‌ای با این نتیجه نیست.
manage-recipients = گیرندگان
manage-col-outcome = نتیجه
manage-col-attempts = تلاش‌ها
manage-col-reason = علت
manage-col-telegram-message = پیام تلگرام
manage-col-updated = به‌روزرسانی
manage-recipient-group = گروه یا کانال { $name }

## ویرایش پیام همگانی فرستاده‌شده (revise.html, revise.rs)
manage-edit-title = ویرایش پیام همگانی شمارهٔ { $id }
manage-edit-explain = متن تازه در همهٔ گفتگوهایی که پیام به آن‌ها رسیده، در همان پیام جایگزین می‌شود (تلگرام آن را «ویرایش‌شده» نشان می‌دهد)، با همان سرعت ارسال؛ اعضایی که پیام هنوز به آن‌ها نرسیده، متن تازه را می‌گیرند.
manage-edit-parts = { $parts ->
       *[other] در { $parts } پیام فرستاده شد: متن تازه هم باید در { $parts } پیام جا شود.
    }
manage-save-edit = ذخیرهٔ ویرایش
manage-edit-saved = ذخیره شد: پیام‌هایی که هنوز نرفته‌اند با متن تازه فرستاده می‌شوند.
manage-editing-in = { $count ->
       *[other] در حال ویرایش در { $count } گفتگو.
    }
manage-deleted-already = از قبل برای همه حذف شده بود.
manage-deleted-unsent = برای همه حذف شد: هنوز به هیچ گفتگویی نرسیده بود و فرستاده نمی‌شود.
manage-deleting-from = { $count ->
       *[other] برای همه حذف شد: در حال پاک کردن از { $count } گفتگو.
    }
manage-refused-retracted = این پیام برای همه حذف شده است؛ دیگر نمی‌توان ویرایشش کرد.
manage-refused-parts = { $sent ->
       *[other] این پیام در { $sent } پیام فرستاده شده و متن تازه { $now } پیام لازم دارد؛ ویرایش باید تعداد بخش‌ها را نگه دارد (به‌جایش آن را حذف کنید و پیام تازه‌ای بفرستید).
    }
manage-refused-no-variant = این پیام نسخه‌ای به این زبان ندارد؛ با ویرایش نمی‌توان نسخه افزود.
manage-refused-too-old = تلگرام به ربات‌ها اجازه می‌دهد پیام‌ها را فقط تا ۴۸ ساعت پس از ارسال حذف کنند، و این پیام در { $at } به وقت UTC فرستاده شده است.

## تغییر پیام همگانی زمان‌بندی‌شده (schedule.html, schedule.rs)
manage-schedule-title = تغییر پیام همگانی زمان‌بندی‌شدهٔ شمارهٔ { $id }
manage-schedule-too-late = این پیام همگانی در این فاصله شروع یا لغو شده است، پس تغییری نکرد.
manage-schedule-needs-time = زمان شروع تازه را وارد کنید (برای ارسال همین حالا، لغوش کنید و دوباره بفرستید).
manage-schedule-saved = ذخیره شد: در { $at } شروع می‌شود.
manage-no-such-scheduled = چنین پیام همگانی زمان‌بندی‌شده‌ای وجود ندارد.

## کاربران (users.html, users.rs)
manage-user-search = نام کاربری، یا ‎@نام کاربری در تلگرام
manage-search = جستجو
manage-no-users = کاربری پیدا نشد.
manage-col-username = نام کاربری
manage-col-last-sign-in = آخرین ورود
manage-col-telegram = تلگرام
manage-col-admin = مدیر
manage-col-disabled = غیرفعال
manage-not-linked = پیوند نشده
manage-badge-admin = مدیر
manage-disabled-at = غیرفعال از { $at }
manage-user-deleted = حذف‌شده؛ برای آمار نگه داشته شده
manage-only-admin = تنها مدیر: پیش از برداشتن دسترسی یا غیرفعال کردن این حساب، حساب دیگری را مدیر کنید.
manage-remove-admin-confirm = دسترسی مدیریت { $name } برداشته شود؟
manage-remove-admin = برداشتن مدیریت
manage-make-admin-confirm = { $name } مدیر شود؟
manage-make-admin = مدیر کردن
manage-enable = فعال کردن
manage-disable-confirm = { $name } غیرفعال شود؟ نشست‌هایش همین حالا تمام می‌شود و دیگر پیامی نمی‌گیرد.
manage-disable = غیرفعال کردن
manage-unlink-confirm = پیوند تلگرام { $name } لغو شود؟
manage-unlink = لغو پیوند تلگرام
manage-send-test = ارسال پیام آزمایشی
manage-first-page = → صفحهٔ اول
manage-made-admin = { $name } اکنون مدیر است.
manage-made-admin-unchanged = تغییری نکرد: { $name } از قبل مدیر است، یا مشترکی است که نمی‌تواند وارد شود.
manage-removed-admin = { $name } دیگر مدیر نیست.
manage-removed-admin-unchanged = تغییری نکرد: { $name } مدیر نبود.
manage-disabled = { $name } غیرفعال شد: نشست‌هایش تمام شد و دیگر چیزی برایش فرستاده نمی‌شود.
manage-disabled-unchanged = تغییری نکرد: { $name } از قبل غیرفعال بود.
manage-enabled = { $name } فعال شد: دوباره می‌تواند وارد شود.
manage-enabled-unchanged = تغییری نکرد: { $name } غیرفعال نبود.
manage-unlinked = پیوند تلگرام { $name } لغو شد؛ ربات در گفتگو خداحافظی می‌کند.
manage-unlinked-unchanged = تغییری نکرد: { $name } تلگرام پیوندخورده‌ای ندارد.
manage-test-on-its-way = پیام آزمایشی برای { $name } در راه است.
manage-last-admin = آخرین مدیر می‌ماند: سایت دست‌کم یک مدیر فعال لازم دارد. ابتدا حساب دیگری را مدیر کنید.
manage-not-reachable = جایی برای ارسال نیست: این حساب گفتگوی تلگرام پیوندخورده ندارد، یا غیرفعال است.
# برای خود عضو و به زبان او فرستاده می‌شود.
manage-test-message = پیام آزمایشی از مدیران { $site }: پیام‌های تلگرام به شما می‌رسد.

## موضوع‌ها (topics.html, topics.rs)
manage-topics-intro = موضوع‌ها به اعضا امکان می‌دهند انتخاب کنند چه چیزی دریافت کنند (در <a href="/account/notifications">صفحهٔ اعلان‌هایشان</a> یا با <code>/settings</code> در ربات). یک پیام همگانی یا اعلان API می‌تواند موضوعی را نام ببرد: فقط مشترکان آن موضوع آن را می‌گیرند و زیر هر پیام دکمه‌ای برای بی‌صدا کردن موضوع با یک ضربه هست. موضوع حیاتی به همهٔ اعضای پیوندخورده می‌رسد، حتی به کسانی که آن را بی‌صدا کرده‌اند.
manage-topics-none = هنوز موضوعی نیست: هر پیام همگانی به همهٔ اعضای پیوندخورده می‌رسد.
manage-col-description = توضیح
manage-col-for-new = برای اعضای تازه
manage-col-critical = حیاتی
manage-on = روشن
manage-off = خاموش
manage-badge-critical = حیاتی
manage-edit = ویرایش
manage-delete = حذف
manage-topic-delete-confirm = موضوع { $name } حذف شود؟ انتخاب‌های اعضا دربارهٔ آن فراموش می‌شود.
manage-topic-change = تغییر موضوع
manage-topic-new = موضوع تازه
manage-topic-description-hint = (اختیاری، به اعضا نشان داده می‌شود)
manage-topic-default-on = روشن برای اعضایی که هنوز انتخاب نکرده‌اند
manage-topic-critical = حیاتی: برای همهٔ اعضای پیوندخورده فرستاده می‌شود، حتی کسانی که آن را بی‌صدا کرده‌اند
manage-topic-create = ایجاد موضوع
manage-topic-created = موضوع { $name } ایجاد شد.
manage-topic-saved = موضوع { $name } ذخیره شد.
manage-topic-deleted-already = آن موضوع از قبل حذف شده بود.
manage-topic-deleted = موضوع { $name } حذف شد؛ پیام‌های همگانی‌اش بدون موضوع در تاریخچه می‌مانند.
manage-topic-taken = موضوع دیگری با این نام هست.
manage-topic-name-missing = برای موضوع نامی بنویسید.
manage-topic-name-too-long = نام موضوع حداکثر { $max } نویسه می‌تواند باشد.
manage-topic-name-control = نام را در یک سطر بنویسید.
manage-topic-description-too-long = توضیح حداکثر { $max } نویسه می‌تواند باشد.

## وب‌هوک‌ها (webhooks.html, webhooks.rs)
manage-webhook-secret-heading = رمز امضای { $url }
manage-webhook-secret-once = فقط همین حالا نشان داده می‌شود. آن را به گیرندهٔ این نشانی بدهید تا بتواند <code>webhook-signature</code> هر رویداد را بررسی کند:
manage-webhook-add-heading = افزودن نشانی
manage-webhook-intro = tglink رویدادهای <code>link.created</code>، <code>link.removed</code>، <code>delivery.sent</code> و <code>delivery.failed</code> را با POST به هر نشانی می‌فرستد، امضاشده به روش <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>، و تا ۲۵ ساعت دوباره تلاش می‌کند تا پاسخ 2xx بگیرد.
manage-webhook-private-on = این سرور <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code> را تنظیم کرده است، پس http ساده و نشانی‌های همین دستگاه یا یک شبکهٔ خصوصی هم پذیرفته می‌شوند: فقط برای گیرندهٔ خودتان در کنار tglink از آن‌ها استفاده کنید (رویدادها نام اعضای شما را دارند).
manage-webhook-private-off = نشانی باید https و عمومی باشد: http ساده و نشانی‌های همین دستگاه یا یک شبکهٔ خصوصی پذیرفته نمی‌شوند (سرور می‌تواند با <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code> آن‌ها را برای گیرندهٔ خودش مجاز کند).
manage-webhook-command = فرمان <code>tglink create-webhook URL</code> هم همین کار را می‌کند.
manage-webhook-url = نشانی URL
manage-webhook-add = افزودن نشانی
manage-webhook-none = هنوز نشانی‌ای نیست.
manage-webhook-added-at = افزوده‌شده در { $at }
manage-webhook-waiting = { $count ->
       *[other] { $count } رویداد در انتظار
    }
manage-webhook-remove-confirm = نشانی { $url } حذف شود؟ رویدادهای در انتظارش دور ریخته می‌شوند.
manage-webhook-no-attempts = هنوز تلاشی نشده است.
manage-webhook-attempts = تلاش‌های اخیر برای { $url }
manage-col-time = مدت
manage-ms = { $ms } میلی‌ثانیه
manage-webhook-resend = ارسال دوباره
manage-webhook-accepted = پذیرفته شد
manage-webhook-added = نشانی { $url } افزوده شد.
manage-webhook-removed = نشانی { $url } حذف شد؛ رویدادهای در انتظارش دور ریخته شدند.
manage-webhook-removed-already = تغییری نکرد: آن نشانی از قبل حذف شده بود.
manage-webhook-queued = { $event } { $id } دوباره برای { $url } در صف قرار گرفت.
manage-webhook-gone = چیزی برای ارسال دوباره نیست: آن تلاش دیگر وجود ندارد.
manage-webhook-not-url = این یک URL نیست ({ $why }).
manage-webhook-scheme = یک URL با http:// یا https:// و نام میزبان وارد کنید.
manage-webhook-too-long = این URL بیش از ۲۰۰۰ نویسه است.
manage-webhook-credentials = نام کاربری و گذرواژه را در URL نگذارید: امضا هویت tglink را تأیید می‌کند.

## گروه‌ها و کانال‌ها (groups.html, groups.rs)
manage-groups-title = گروه‌ها و کانال‌ها
manage-groups-intro = اعضا گروه یا کانال را از صفحهٔ «اتصال تلگرام» خود متصل می‌کنند. وقتی گزینهٔ <strong>در گروه‌ها و کانال‌های متصل هم منتشر شود</strong> را بزنید، پیام همگانی به این گفتگوها هم می‌رود؛ تلگرام به ربات اجازه می‌دهد در هر کدام حداکثر ۲۰ پیام در دقیقه بفرستد. در انجمن (فوروم)، یکی از مدیران گروه <code>/here</code> را در یک تاپیک می‌فرستد تا پیام‌ها آنجا بیایند.
manage-groups-none = هنوز گروه یا کانالی متصل نشده است.
manage-groups-connected = گروه‌ها و کانال‌های متصل
manage-col-chat = گفتگو
manage-col-kind = نوع
manage-col-connected-by = متصل‌شده توسط
manage-col-since = از
manage-kind-group = گروه
manage-kind-supergroup = سوپرگروه
manage-kind-channel = کانال
manage-group-topic = تاپیک { $id }
manage-disconnect-confirm = اتصال «{ $title }» قطع شود؟ دیگر پیام همگانی به آنجا نمی‌رود.
manage-disconnect = قطع اتصال
manage-disconnected = اتصال «{ $title }» قطع شد؛ آنچه هنوز برایش در صف بود لغو شد.
manage-disconnected-already = تغییری نکرد: اتصال آن گفتگو از قبل قطع شده بود.

## توکن‌های API (tokens.html, tokens.rs)
manage-token-heading = توکن { $name }
manage-token-copy = همین حالا آن را کپی کنید و کنار سرویسی که از آن استفاده می‌کند نگه دارید: فقط همین یک بار نشان داده می‌شود (فقط هش آن نگه داشته می‌شود).
manage-token-create-heading = ساخت توکن
manage-token-name = نام: سرویسی که از آن استفاده می‌کند
manage-token-create = ساخت توکن
manage-tokens-intro = سرویس‌های دیگر با <code>POST /api/v1/notifications</code> و <code>Authorization: Bearer &lt;token&gt;</code> به کاربر اعلان می‌فرستند. توکن را روی سرور هم می‌توان با <code>tglink create-api-token NAME</code> ساخت. هر توکن یک بار نشان داده می‌شود؛ فقط هش آن نگه داشته می‌شود.
manage-tokens-none = هنوز توکنی نیست.
manage-col-last-used = آخرین استفاده
manage-col-state = وضعیت
manage-token-revoked-at = باطل‌شده در { $at }
manage-token-active = فعال
manage-token-revoke-confirm = توکن { $name } باطل شود؟ سرویس‌هایی که از آن استفاده می‌کنند خطای 401 می‌گیرند.
manage-token-revoke = ابطال
manage-token-created = توکن { $name } ساخته شد. همین حالا کپی‌اش کنید: دوباره نشان داده نمی‌شود.
manage-token-revoked = توکن { $name } باطل شد: سرویس‌هایی که از آن استفاده می‌کنند اکنون خطای 401 می‌گیرند.
manage-token-revoked-already = تغییری نکرد: آن توکن از قبل باطل شده بود.
manage-token-name-invalid = برای توکن نامی بین ۱ تا ۶۴ نویسه بگذارید، مثلاً نام سرویسی که از آن استفاده می‌کند.

## گزارش ممیزی (audit.html, audit_page.rs, audit.rs)
manage-audit-filter = فیلتر گزارش
manage-audit-what = چه کاری
manage-audit-every-action = همهٔ کارها
manage-audit-who = چه کسی
manage-audit-every-admin = همهٔ مدیران
manage-audit-filter-button = فیلتر
manage-audit-show-all = نمایش همه
manage-audit-none-match = هیچ کار مدیریتی‌ای با این فیلتر نیست.
manage-audit-none = هنوز کار مدیریتی‌ای ثبت نشده است.
manage-audit-actions = کارهای مدیران
manage-col-action = کار
manage-col-account = حساب
manage-col-details = جزئیات
manage-audit-newest = → جدیدترین
manage-audit-command = فرمان tglink
manage-kind-accounts = حساب‌ها
manage-kind-broadcasts = پیام‌های همگانی
manage-kind-topics = موضوع‌ها
manage-kind-webhooks = وب‌هوک‌ها
manage-kind-groups = گروه‌ها و کانال‌ها
manage-kind-tokens = توکن‌های API
# کاری که یک مدیر کرد، همان‌طور که ستون «کار» پس از نام او می‌گوید.
manage-audit-make-admin = مدیر کرد
manage-audit-remove-admin = دسترسی مدیریت را برداشت
manage-audit-disable = غیرفعال کرد
manage-audit-enable = فعال کرد
manage-audit-unlink-telegram = پیوند تلگرام را لغو کرد
manage-audit-test-message = پیام آزمایشی فرستاد
manage-audit-reset-password = گذرواژه را بازنشانی کرد
manage-audit-send-broadcast = پیام همگانی فرستاد
manage-audit-schedule-broadcast = پیام همگانی را زمان‌بندی کرد
manage-audit-test-broadcast = پیام آزمایشی برای مدیران فرستاد
manage-audit-change-scheduled = پیام همگانی زمان‌بندی‌شده را تغییر داد
manage-audit-edit-broadcast = پیام همگانی را ویرایش کرد
manage-audit-cancel-broadcast = پیام همگانی را لغو کرد
manage-audit-delete-broadcast = پیام همگانی را برای همه حذف کرد
manage-audit-create-topic = موضوع ایجاد کرد
manage-audit-change-topic = موضوع را تغییر داد
manage-audit-delete-topic = موضوع را حذف کرد
manage-audit-disconnect-group = اتصال گروه یا کانال را قطع کرد
manage-audit-add-webhook = نشانی وب‌هوک افزود
manage-audit-remove-webhook = نشانی وب‌هوک را حذف کرد
manage-audit-resend-webhook = رویداد وب‌هوک را دوباره فرستاد
manage-audit-create-token = توکن API ساخت
manage-audit-revoke-token = توکن API را باطل کرد

## admin.js، از راه ویژگی‌های data-* (_script_text.html)؛ { $x } به {x} تبدیل می‌شود که اسکریپت پرش می‌کند
manage-js-characters = { $len } / { $max } نویسه
manage-js-long = { $len } نویسه: دست‌کم در { $parts } پیام فرستاده می‌شود (پیش‌نمایش دقیقش را می‌گوید)
manage-js-refused = تلگرام این را نمی‌پذیرد: { $why }
manage-js-at = { $why } (در نویسهٔ { $at })
manage-js-not-closed = <{ $tag } با > بسته نشده است
manage-js-bad-character = نویسهٔ نابه‌جا در <{ $tag }>
manage-js-bad-attribute = <{ $tag }> ویژگی { $attr } را نمی‌پذیرد
manage-js-bad-href = <a> به href با پیوند http://، https:// یا tg:// نیاز دارد
manage-js-bad-span = <span> باید <span class="tg-spoiler"> باشد
manage-js-bad-code = <code class> باید language-… باشد
manage-js-bad-emoji = <tg-emoji> به emoji-id عددی نیاز دارد
manage-js-end-not-closed = یک برچسب پایانی با > بسته نشده است
manage-js-never-opened = </{ $tag }> برچسبی را می‌بندد که باز نشده بود
manage-js-wrong-close = </{ $tag }> جایی آمده که </{ $expected }> انتظار می‌رفت
manage-js-stray-lt = یک «<» که برچسبی را شروع نمی‌کند: برای نویسهٔ < بنویسید &lt;
manage-js-unknown-tag = <{ $tag }> برچسبی نیست که تلگرام بپذیرد؛ برای نویسهٔ < بنویسید &lt;
manage-js-never-closed = <{ $tag }> هرگز بسته نمی‌شود: </{ $tag }> را بیفزایید
manage-js-schedule = زمان‌بندی برای { $at }
manage-js-schedule-confirm = برای { $at } زمان‌بندی شود؟ با وضعیت کنونی به { $reach } می‌رسد.
manage-js-paused = · تلگرام ارسال را تا { $time } متوقف کرده است
manage-js-eta = · حدود { $time } دیگر با سرعت { $rate } پیام در ثانیه
manage-js-seconds = { $n } ثانیه
manage-js-minutes = { $n } دقیقه
manage-js-hours = { $n } ساعت
