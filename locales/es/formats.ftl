# formats
# Dates, times, numbers and the errors of message text and send times. Keys start with formats-.
