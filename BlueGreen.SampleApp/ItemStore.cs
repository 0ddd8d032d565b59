namespace BlueGreen.SampleApp;

/// <summary>
/// The in-memory item store (the papers' service used a database; a process-local store is enough for the lab,
/// and each server keeps its own). Reads are lock-free on an immutable snapshot, because <c>GET /item</c> is what
/// the load generator hammers; writes copy the snapshot under a lock.
/// </summary>
internal sealed class ItemStore
{
    private readonly Lock _writeLock = new();
    private Item[] _items;
    private int _nextId;

    public ItemStore()
    {
        _items =
        [
            new Item(1, "Mechanical keyboard", 49.90m, "peripherals"),
            new Item(2, "Wireless mouse", 19.90m, "peripherals"),
            new Item(3, "27-inch monitor", 229.00m, "displays"),
            new Item(4, "USB-C cable", 9.50m, "cables"),
            new Item(5, "Laptop stand", 34.00m, "accessories"),
            new Item(6, "HD webcam", 59.00m, "peripherals"),
        ];
        _nextId = _items.Length + 1;
    }

    /// <summary>Every item, ordered by id.</summary>
    public IReadOnlyList<Item> All => Volatile.Read(ref _items);

    public Item? Find(int id) => Array.Find(Volatile.Read(ref _items), i => i.Id == id);

    public Item Add(string name, decimal price, string? category)
    {
        lock (_writeLock)
        {
            var item = new Item(_nextId++, name, price, category);
            Volatile.Write(ref _items, [.. _items, item]);
            return item;
        }
    }

    /// <summary>Replaces an item; null when there is none with that id.</summary>
    public Item? Replace(int id, string name, decimal price, string? category)
    {
        lock (_writeLock)
        {
            var index = Array.FindIndex(_items, i => i.Id == id);
            if (index < 0)
            {
                return null;
            }
            var items = (Item[])_items.Clone();
            items[index] = new Item(id, name, price, category);
            Volatile.Write(ref _items, items);
            return items[index];
        }
    }

    public bool Remove(int id)
    {
        lock (_writeLock)
        {
            var items = Array.FindAll(_items, i => i.Id != id);
            if (items.Length == _items.Length)
            {
                return false;
            }
            Volatile.Write(ref _items, items);
            return true;
        }
    }
}
