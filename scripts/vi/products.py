"""Vietnamese texts for the products app: producers, products, the label sheet and the public catalogue
(merged by scripts/vi_catalogue.py)."""

VI = {
    # models
    "Products": "Sản phẩm",
    "Cooperative": "Hợp tác xã",
    "Household": "Hộ sản xuất",
    "Enterprise": "Doanh nghiệp",
    "Craft village": "Làng nghề",
    "Zalo number": "số Zalo",
    "Leave empty when it is the phone number.": "Để trống nếu trùng số điện thoại.",
    "about": "giới thiệu",
    "producer": "nhà sản xuất",
    "producers": "nhà sản xuất",
    "OCOP product": "Sản phẩm OCOP",
    "Farm product": "Nông sản",
    "Craft product": "Sản phẩm thủ công",
    "OCOP rating (stars)": "hạng OCOP (sao)",
    "OCOP year": "Năm công nhận OCOP",
    "price (₫)": "giá (₫)",
    "per": "đơn vị tính",
    "e.g. 500 g box, bottle, kg": "ví dụ: hộp 500 g, chai, kg",
    "season": "mùa vụ",
    "e.g. all year, May–July": "ví dụ: quanh năm, tháng 5–7",
    "product": "sản phẩm",
    "products": "sản phẩm",
    "website": "trang web",
    "Website": "Trang web",
    "public page": "trang công khai",
    "sample content": "nội dung mẫu",

    # shared photo checks (core.images), shown on the products' photo page
    "The photo is %(size)s MB; the largest accepted is %(max)s MB. Send a smaller copy (a phone's “large” size is enough).":
        "Ảnh nặng %(size)s MB; tối đa %(max)s MB. Hãy gửi bản nhỏ hơn (cỡ “lớn” của điện thoại là đủ).",
    "The picture is %(w)s × %(h)s pixels, too large to show on a phone.":
        "Ảnh có %(w)s × %(h)s điểm ảnh, quá lớn để hiển thị trên điện thoại.",
    "This file is not a photo (JPEG, PNG or WebP).": "Tệp này không phải là ảnh (JPEG, PNG hoặc WebP).",

    # public layout (core/templates/public/base.html)
    "Language": "Ngôn ngữ",
    "Places to visit": "Điểm đến",
    "Local products": "Sản phẩm địa phương",

    # services
    "Give the %(what)s a name.": "Hãy đặt tên cho %(what)s.",
    "The name is %(n)s characters long; at most %(max)s are allowed. Shorten it and put the rest in the description.":
        "Tên dài %(n)s ký tự; tối đa %(max)s ký tự. Hãy rút gọn và đưa phần còn lại vào phần mô tả.",
    "The text is %(n)s characters long; at most %(max)s are allowed.": "Nội dung dài %(n)s ký tự; tối đa %(max)s ký tự.",
    "“%(url)s” is not a web address: write it in full, starting with https://.":
        "“%(url)s” không phải địa chỉ web: hãy ghi đầy đủ, bắt đầu bằng https://.",
    "This web address is too long (at most 500 characters).": "Địa chỉ web quá dài (tối đa 500 ký tự).",
    "This web address is too long (at most 300 characters).": "Địa chỉ web quá dài (tối đa 300 ký tự).",
    "You cannot change the products of this commune.": "Bạn không thể sửa sản phẩm của xã/phường này.",
    "Choose what kind of producer this is.": "Hãy chọn loại nhà sản xuất.",
    "Choose the commune or ward where the producer works.": "Hãy chọn xã/phường nơi nhà sản xuất hoạt động.",
    "%(commune)s already has a producer named %(name)s.": "%(commune)s đã có nhà sản xuất tên %(name)s.",
    "Choose a category.": "Hãy chọn loại sản phẩm.",
    "Only an OCOP product has an OCOP rating: choose the category “OCOP product” or leave the stars empty.":
        "Chỉ sản phẩm OCOP mới có hạng sao OCOP: hãy chọn loại “Sản phẩm OCOP” hoặc để trống số sao.",
    "An OCOP rating is 3, 4 or 5 stars.": "Hạng OCOP là 3, 4 hoặc 5 sao.",
    "Only an OCOP product has an OCOP year.": "Chỉ sản phẩm OCOP mới có năm công nhận OCOP.",
    "The OCOP year is between %(first)s and %(last)s.": "Năm công nhận OCOP phải từ %(first)s đến %(last)s.",
    "Give the rating (3 to 5 stars) of the year %(year)s.": "Hãy ghi hạng sao (3 đến 5 sao) được công nhận năm %(year)s.",
    "A price cannot be negative.": "Giá không thể âm.",
    "This price is too large; check the number of zeros.": "Giá này quá lớn; hãy kiểm tra lại số chữ số 0.",
    "%(producer)s already has a product named %(name)s.": "%(producer)s đã có sản phẩm tên %(name)s.",
    "Choose the commune of the new producer.": "Hãy chọn xã/phường của nhà sản xuất mới.",
    "This product is published; its new producer must be published too. Publish the producer first.":
        "Sản phẩm này đang công khai nên nhà sản xuất mới cũng phải công khai. Hãy xuất bản nhà sản xuất trước.",
    "Choose one or more photos.": "Hãy chọn một hoặc nhiều ảnh.",
    "A product shows at most %(max)s photos; it has %(n)s already.":
        "Mỗi sản phẩm có tối đa %(max)s ảnh; sản phẩm này đã có %(n)s ảnh.",
    "A caption is at most %(max)s characters.": "Chú thích dài tối đa %(max)s ký tự.",
    "The order is a number from 0 to 1000.": "Thứ tự là một số từ 0 đến 1000.",
    "Choose where the link leads.": "Hãy chọn nơi bán của liên kết.",
    "Give the address of the shop page.": "Hãy ghi địa chỉ trang bán hàng.",
    "This link is already listed.": "Liên kết này đã có trong danh sách.",
    "A product lists at most %(max)s shop links.": "Mỗi sản phẩm có tối đa %(max)s liên kết bán hàng.",

    # forms
    "Shown as “sample content” on the public page (demonstration data).":
        "Trang công khai ghi “nội dung mẫu” (dữ liệu minh họa).",
    "Price (₫)": "Giá (₫)",
    "Leave empty when the price varies.": "Để trống nếu giá thay đổi theo thời điểm.",
    "OCOP rating": "Hạng OCOP",
    "Only for OCOP products: 3 to 5 stars.": "Chỉ dành cho sản phẩm OCOP: 3 đến 5 sao.",
    "The year of the rating.": "Năm được công nhận hạng sao.",
    "— a new producer (below) —": "— nhà sản xuất mới (bên dưới) —",
    "Not in the list? Leave this empty and fill in the new producer below.":
        "Không có trong danh sách? Để trống ô này và điền nhà sản xuất mới ở bên dưới.",
    "New producer: name": "Nhà sản xuất mới: tên",
    "New producer: kind": "Nhà sản xuất mới: loại",
    "New producer: commune": "Nhà sản xuất mới: xã/phường",
    "Choose the producer, or add a new one.": "Chọn nhà sản xuất, hoặc thêm nhà sản xuất mới.",
    "JPEG, PNG or WebP, several at once; each is resized for phones on upload.":
        "JPEG, PNG hoặc WebP, chọn được nhiều ảnh một lúc; mỗi ảnh được thu nhỏ cho điện thoại khi tải lên.",
    "Add photos": "Thêm ảnh",
    "order": "thứ tự",
    "Sold on": "Bán trên",
    "sold on": "bán trên",
    "shop link": "liên kết bán hàng",
    "shop links": "liên kết bán hàng",
    "Address of the shop page": "Địa chỉ trang bán hàng",
    "Category": "Loại sản phẩm",
    "All categories": "Mọi loại",
    "Public page": "Trang công khai",
    "Draft and published": "Bản nháp và đã công khai",
    "Search products": "Tìm sản phẩm",
    "Any rating": "Mọi hạng sao",
    "Tick at least one product.": "Hãy đánh dấu ít nhất một sản phẩm.",
    "Copies of each": "Số nhãn mỗi sản phẩm",
    "Label size": "Cỡ nhãn",
    "Another size": "Cỡ khác",
    "Width (mm)": "Chiều rộng (mm)",
    "Height (mm)": "Chiều cao (mm)",
    "Print the price": "In giá bán",
    "Give the label's width and height in millimetres.": "Hãy ghi chiều rộng và chiều cao của nhãn, tính bằng mm.",
    "At most %(max)s labels at once: choose fewer products or copies.":
        "Tối đa %(max)s nhãn mỗi lần: hãy chọn ít sản phẩm hoặc ít bản hơn.",

    # views
    "Product %(name)s saved as a draft. Add photos, then publish it.":
        "Đã lưu sản phẩm %(name)s dưới dạng bản nháp. Hãy thêm ảnh rồi xuất bản.",
    "Published, together with its producer %(producer)s.": "Đã xuất bản, cùng với nhà sản xuất %(producer)s.",
    "Published: anyone can now open its page.": "Đã xuất bản: ai cũng mở được trang này.",
    "Back to draft: its public page is hidden.": "Đã chuyển về bản nháp: trang công khai đã được ẩn.",
    "%(n)s photo(s) added.": "Đã thêm %(n)s ảnh.",
    "Photo saved.": "Đã lưu ảnh.",
    "Link added.": "Đã thêm liên kết.",
    "Link removed.": "Đã xóa liên kết.",
    "Producer %(name)s saved as a draft.": "Đã lưu nhà sản xuất %(name)s dưới dạng bản nháp.",
    "Back to draft: its public page is hidden, and the pages of its %(n)s published product(s) too.":
        "Đã chuyển về bản nháp: trang công khai đã được ẩn, cùng trang của %(n)s sản phẩm đang công khai.",

    # staff templates
    "Published": "Đã công khai",
    "Open the public page": "Mở trang công khai",
    "Back to draft": "Chuyển về bản nháp",
    "Only editors see it; visitors get “not found”.": "Chỉ người biên tập thấy; khách truy cập nhận “không tìm thấy”.",
    "Publish": "Xuất bản",
    "Print product labels": "In nhãn sản phẩm",
    "A sheet of stickers for packaging: each label has the product's name, its producer and a QR code that opens its page. Only published products can be printed.":
        "Tờ nhãn dán lên bao bì: mỗi nhãn có tên sản phẩm, nhà sản xuất và mã QR mở trang của sản phẩm. "
        "Chỉ in được sản phẩm đã công khai.",
    "Product or producer — diacritics optional": "Sản phẩm hoặc nhà sản xuất — gõ có dấu hay không đều được",
    "Only the first 300 are listed: search to find the others.": "Chỉ liệt kê 300 sản phẩm đầu: hãy tìm để thấy các sản phẩm khác.",
    "No published product matches.": "Không có sản phẩm công khai nào phù hợp.",
    "No published product yet: publish a product first.": "Chưa có sản phẩm công khai: hãy xuất bản một sản phẩm trước.",
    "Width and height are used only for “Another size”. Labels are laid out on A4 pages.":
        "Chiều rộng và chiều cao chỉ dùng cho “Cỡ khác”. Nhãn được xếp trên trang A4.",
    "Make the PDF": "Tạo tệp PDF",
    "Producers": "Nhà sản xuất",
    "Its published products go back to draft too.": "Các sản phẩm đang công khai của nhà sản xuất cũng về bản nháp.",
    "No product yet.": "Chưa có sản phẩm.",
    "Add a product": "Thêm sản phẩm",
    "QR code": "Mã QR",
    "Edit producer": "Sửa nhà sản xuất",
    "Add a producer": "Thêm nhà sản xuất",
    "Name — diacritics optional": "Tên — gõ có dấu hay không đều được",
    "Search producers": "Tìm nhà sản xuất",
    ("%(n)s producer", "%(n)s producers"): ["%(n)s nhà sản xuất"],
    "Producer": "Nhà sản xuất",
    "sample": "mẫu",
    "No producer matches.": "Không có nhà sản xuất nào phù hợp.",
    "Its producer %(name)s is a draft too: publishing the product publishes the producer with it.":
        "Nhà sản xuất %(name)s cũng đang là bản nháp: xuất bản sản phẩm sẽ xuất bản luôn nhà sản xuất.",
    "Price": "Giá",
    "Season": "Mùa vụ",
    "Updated": "Cập nhật",
    "Address": "Địa chỉ",
    "No photo yet. A product page with a photo is read far more.":
        "Chưa có ảnh. Trang sản phẩm có ảnh được xem nhiều hơn hẳn.",
    "Add or arrange photos": "Thêm hoặc sắp xếp ảnh",
    "Where to buy online": "Mua trực tuyến ở đâu",
    "No shop link yet.": "Chưa có liên kết bán hàng.",
    "Visitors can call the producer.": "Khách có thể gọi điện cho nhà sản xuất.",
    "Add the link": "Thêm liên kết",
    "Edit product": "Sửa sản phẩm",
    "New producer": "Nhà sản xuất mới",
    "Only when the producer is not in the list above. You can add its address, phone and story later, on its own page.":
        "Chỉ điền khi nhà sản xuất chưa có trong danh sách trên. Địa chỉ, điện thoại và giới thiệu có thể thêm sau, "
        "tại trang của nhà sản xuất.",
    "A new product is saved as a draft: only editors see it until it is published.":
        "Sản phẩm mới được lưu dưới dạng bản nháp: chỉ người biên tập thấy cho đến khi xuất bản.",
    "Print labels": "In nhãn",
    "Public catalogue": "Trang giới thiệu công khai",
    ("%(n)s product", "%(n)s products"): ["%(n)s sản phẩm"],
    "Product": "Sản phẩm",
    "No product matches.": "Không có sản phẩm nào phù hợp.",
    "Upload": "Tải lên",
    "The first photo is the product's picture in the catalogue.": "Ảnh đầu tiên là ảnh đại diện của sản phẩm.",
    "Save caption": "Lưu chú thích",
    "Move up": "Chuyển lên trước",
    "Earlier": "Lên trước",
    "Move down": "Chuyển xuống sau",
    "Later": "Xuống sau",
    "Remove this photo?": "Xóa ảnh này?",

    # public pages
    "OCOP and farm products of the province: who makes them, their price and where to buy.":
        "Sản phẩm OCOP và nông sản của tỉnh: ai làm ra, giá bao nhiêu và mua ở đâu.",
    "OCOP and local specialities": "OCOP và đặc sản địa phương",
    "e.g. com chay": "ví dụ: com chay",
    ("%(n)s product found", "%(n)s products found"): ["Tìm thấy %(n)s sản phẩm"],
    "Show all": "Xem tất cả",
    "No product matches. Try fewer words, or another commune.":
        "Không có sản phẩm nào phù hợp. Hãy thử ít từ hơn, hoặc xã/phường khác.",
    "No product is published yet.": "Chưa có sản phẩm nào được công khai.",
    "Contact": "Liên hệ",
    "Ask at the commune's Youth Union office.": "Hãy hỏi tại văn phòng Đoàn xã/phường.",
    "All local products": "Tất cả sản phẩm địa phương",
    "Demonstration data, not a real listing": "Dữ liệu minh họa, không phải thông tin bán hàng thật",
    ("%(n)s star", "%(n)s stars"): ["%(n)s sao"],
    "Where to buy": "Nơi mua",
    "Call": "Gọi",
    "More from %(name)s": "Sản phẩm khác của %(name)s",
    "OCOP rating: %(n)s stars": "Hạng OCOP: %(n)s sao",
}
