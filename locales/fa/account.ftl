# حساب عضو.

## /account
account-title = حساب شما
account-username = نام کاربری
account-linked-to = پیوندخورده به { $name }
account-manage = مدیریت
account-not-linked = بدون پیوند
account-alerts-label = وقتی از مرورگری تازه وارد حسابم شدند، در تلگرام به من خبر بده
account-language-label = زبان
account-language-browser = مطابق مرورگرم
account-language-hint = سایت و ربات با این زبان با شما صحبت می‌کنند.
account-language-unknown = یکی از زبان‌های فهرست را انتخاب کنید.
account-notifications = اعلان‌ها
account-notifications-hint = آنچه این سایت برایتان می‌فرستد
account-change-password = تغییر گذرواژه
account-sessions = نشست‌ها
account-sessions-count = { $count ->
        [one] { $count } نشست فعال
       *[other] { $count } نشست فعال
    }
account-delete = حذف حساب
account-done-password = گذرواژهٔ شما تغییر کرد. همهٔ نشست‌های دیگر بسته شدند.
account-done-sessions = همهٔ نشست‌های دیگر بسته شدند.
account-done-reset = گذرواژهٔ تازهٔ شما تنظیم شد و همهٔ نشست‌های دیگر بسته شدند.
account-done-alerts = تنظیم هشدار ورود شما ذخیره شد.
account-done-language = زبان شما ذخیره شد. ربات هم با همین زبان صحبت می‌کند.

## /login
login-title = ورود
login-password = گذرواژه
login-forgot = گذرواژه را فراموش کرده‌اید؟
login-locked-offer = حساب شما به تلگرام پیوند دارد؟ می‌توانیم یک پیوند ورود یک‌بارمصرف به همان گفتگو بفرستیم.
login-send-link = یک پیوند ورود در تلگرام برایم بفرست
login-or-telegram = یا از تلگرام استفاده کنید
login-with-telegram = ورود با تلگرام
login-with-telegram-help = ورود را در ربات تلگرام ما تأیید کنید: بدون نیاز به گذرواژه.
login-oidc = ورود از راه تلگرام
login-oidc-help = در صفحهٔ ورود خود تلگرام، برای حساب‌هایی که از قبل به تلگرام پیوند دارند.
login-new-here = تازه آمده‌اید؟
login-create-account = ساخت حساب
