# صفحه‌های سایت.

## قالب (base.html)
skip-to-content = رفتن به محتوا
sandbox-label = محیط آزمایشی
sandbox-title = محیط آزمایشی: تلگرام واقعی در کار نیست.
sandbox-text = این tglink demo است: ربات و کاربرانش شبیه‌سازی شده‌اند.
sandbox-open = باز کردن گفتگوی آزمایشی
nav-main = اصلی
nav-connect = اتصال تلگرام
nav-admin = مدیریت
nav-your-account = حساب شما:
nav-log-out = خروج
nav-log-in = ورود
nav-sign-up = ثبت‌نام
footer-tagline = tglink — اعضای سایت شما، در تلگرام.
footer-language = زبان
save = ذخیره
