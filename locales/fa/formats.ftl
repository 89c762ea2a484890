# formats
# تاریخ‌ها، زمان‌ها، عددها و خطاهای متن پیام و زمان ارسال. کلیدها با formats- شروع می‌شوند.

## تاریخ و زمان: الگوهای strftime کتابخانهٔ chrono (%-d روز، %b / %B نام کوتاه / کامل ماه، %Y سال،
## %H:%M:%S ساعت). رقم‌ها خودبه‌خود فارسی (۰ تا ۹) نوشته می‌شوند. بخش‌ها را به ترتیب زبان خود بچینید.
formats-minute = %-d %B %Y، ساعت %H:%M
formats-second = %-d %B %Y، ساعت %H:%M:%S
formats-at-utc = { $time } به وقت UTC
formats-at-zone = { $time } به وقت { $zone }
# میان اجزای یک فهرست («خبرها، پیشنهادها»): نقل‌قول‌ها فاصله را نگه می‌دارند.
formats-list-separator = { "، " }

## متن پیام (نوشتن، ویرایش، پیام آزمایشی)
formats-text-empty = اول پیام را بنویسید.
formats-text-bad-html = این HTML معتبر تلگرام نیست: { $problem }.
formats-text-invisible = پیام هیچ متن قابل‌دیدنی ندارد.
formats-text-too-long = این پیام در { $parts } پیام جداگانه فرستاده می‌شود، اما tglink حداکثر { $max } پیام می‌فرستد. حدود { $over } نویسه از آن کم کنید.

## ایراد HTML تلگرام (پس از «این HTML معتبر تلگرام نیست:»)؛ برچسب‌ها همان‌طور که نوشته شده‌اند می‌مانند.
formats-html-at = { $problem } (در نویسهٔ { $at })
formats-html-never-closed = برچسب <{ $tag }> هرگز بسته نشده است: </{ $tag }> را اضافه کنید
formats-html-lone-angle = یک «<» که هیچ برچسبی را باز نمی‌کند: برای نویسهٔ < بنویسید &lt;
formats-html-unknown-tag = <{ $tag }> برچسبی نیست که تلگرام پشتیبانی کند (مجاز: b، i، u، s، a، code، pre، blockquote، tg-spoiler، tg-emoji)؛ برای نویسهٔ < بنویسید &lt;
formats-html-open-unclosed = برچسب <{ $tag } با > بسته نشده است
formats-html-unexpected = نویسهٔ نابه‌جا در <{ $tag }>
formats-html-no-quote = ویژگی { $attribute } در <{ $tag }> نقل‌قول پایانی ندارد
formats-html-attribute = برچسب <{ $tag }> ویژگی { $attribute } را نمی‌پذیرد
formats-html-href-scheme = <a href> باید پیوندی با http://، https:// یا tg:// باشد
formats-html-href-missing = <a> به href نیاز دارد، مثلاً <a href="https://example.com">
formats-html-span = <span> باید به شکل <span class="tg-spoiler"> باشد
formats-html-code-class = <code class> باید با language-… شروع شود
formats-html-emoji = <tg-emoji> به یک emoji-id عددی نیاز دارد
formats-html-close-unclosed = برچسب </{ $tag } با > بسته نشده است
formats-html-mismatch = </{ $tag }> جایی آمده که </{ $expected }> انتظار می‌رفت
formats-html-never-opened = </{ $tag }> برچسبی را می‌بندد که هرگز باز نشده است

## زمان ارسال
formats-send-at-past = این زمان گذشته است؛ زمانی در آینده انتخاب کنید.
formats-send-at-too-far = حداکثر تا یک سال آینده می‌توانید زمان‌بندی کنید.

## صفحه‌های خطا (عنوان، سپس متن صفحه)
formats-error-not-found-title = پیدا نشد
formats-error-no-page-title = صفحه پیدا نشد
formats-error-no-page = در این نشانی چیزی نیست. پیوند را بررسی کنید یا از صفحهٔ اصلی دوباره شروع کنید.
formats-error-no-such-broadcast = چنین پیام همگانی‌ای وجود ندارد. شاید همراه با نویسنده‌اش حذف شده باشد.
formats-error-no-such-topic = چنین موضوعی وجود ندارد.
formats-error-not-scheduled = چنین پیام همگانی زمان‌بندی‌شده‌ای وجود ندارد.
formats-error-no-such-account = چنین حسابی وجود ندارد.
formats-error-no-oidc = ورود با تلگرام در این سایت راه‌اندازی نشده است.
formats-error-busy-title = الان سرمان شلوغ است
formats-error-busy = سایت در این لحظه کار زیادی در دست دارد. لطفاً چند ثانیهٔ دیگر دوباره امتحان کنید.
formats-error-unexpected-title = مشکلی پیش آمد
formats-error-unexpected = مشکلی در سمت ما پیش آمد. لطفاً کمی بعد دوباره امتحان کنید.
formats-error-account-unloaded = نتوانستیم حساب شما را بار کنیم. لطفاً کمی بعد دوباره امتحان کنید.
formats-error-admins-only-title = فقط برای مدیران
formats-error-admins-only = این صفحه برای مدیران سایت است.
formats-error-form-expired-title = این فرم منقضی شده است
formats-error-form-expired = برای امنیت شما، کاری با آن انجام ندادیم. به صفحهٔ قبل برگردید، صفحه را دوباره بار کنید و دوباره امتحان کنید.
