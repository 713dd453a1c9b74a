using System.Reflection;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>Turns whatever a function method returned (value, <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c>) into a <c>Task&lt;object?&gt;</c>.</summary>
internal static class ResultUnwrapper
{
    public static (Type ResultType, Func<object?, Task<object?>> Unwrap) For(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return (typeof(void), _ => Task.FromResult<object?>(null));
        }

        if (returnType == typeof(Task))
        {
            return (typeof(void), async r =>
            {
                await ((Task)r!);
                return null;
            });
        }

        if (returnType == typeof(ValueTask))
        {
            return (typeof(void), async r =>
            {
                await ((ValueTask)r!);
                return null;
            });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returnType.GetProperty(nameof(Task<object>.Result))!;
            return (returnType.GetGenericArguments()[0], async r =>
            {
                var task = (Task)r!;
                await task;
                return result.GetValue(task);
            });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask), BindingFlags.Public | BindingFlags.Instance)!;
            var (resultType, unwrapTask) = For(asTask.ReturnType);
            return (resultType, r => unwrapTask(asTask.Invoke(r, null)));
        }

        return (returnType, r => Task.FromResult(r));
    }
}
